package org.captchaws.metrics;

import org.captchaws.testing.Scrape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters, as a scrape shows them in Prometheus's text format. */
class MetricsTest {

    private enum Reason { NO_VALID_KEY, NOT_LOOPBACK }

    private final Metrics metrics = new Metrics();

    @Test
    void countsRequestsByOperationAndStatus() throws Exception {
        metrics.request("img", "generate", 0, 1_000_000);
        metrics.request("img", "generate", 0, 1_000_000);
        metrics.request("img", "verify", 2001, 1_000_000);
        metrics.request(Metrics.UNKNOWN, Metrics.UNKNOWN, 4005, 1_000);

        Scrape scrape = scrape();

        assertEquals(2, scrape.count("captcha_requests_total", "subtype", "img", "action", "generate", "code", "0"));
        assertEquals(1, scrape.count("captcha_requests_total", "subtype", "img", "action", "verify", "code", "2001"));
        assertEquals(1, scrape.count("captcha_requests_total", "subtype", "unknown", "action", "unknown", "code", "4005"));
        assertEquals(3, scrape.series("captcha_requests_total").size());
    }

    @Test
    void timesRequestsInSecondsPerOperation() throws Exception {
        metrics.request("sms", "generate", 0, 30_000_000);
        metrics.request("sms", "generate", 1008, 3_000_000_000L);

        Scrape scrape = scrape();

        assertEquals(2, scrape.count("captcha_request_duration_seconds_count", "subtype", "sms", "action", "generate"));
        assertEquals(3.03, scrape.count("captcha_request_duration_seconds_sum", "subtype", "sms", "action", "generate"), 1e-9);
        assertEquals(0, scrape.count("captcha_request_duration_seconds_bucket", "subtype", "sms", "action", "generate",
                "le", "0.025"));
        assertEquals(1, scrape.count("captcha_request_duration_seconds_bucket", "subtype", "sms", "action", "generate",
                "le", "0.05"));
        assertEquals(1, scrape.count("captcha_request_duration_seconds_bucket", "subtype", "sms", "action", "generate",
                "le", "2.5"));
        assertEquals(2, scrape.count("captcha_request_duration_seconds_bucket", "subtype", "sms", "action", "generate",
                "le", "5.0"));
        assertEquals(2, scrape.count("captcha_request_duration_seconds_bucket", "subtype", "sms", "action", "generate",
                "le", "+Inf"));
    }

    @Test
    void countsTencentOutcomesStoreErrorsAndRefusals() throws Exception {
        metrics.tencentSend("Ok");
        metrics.tencentSend("Ok");
        metrics.tencentSend("AuthFailure");
        metrics.storeError();
        metrics.handshakeRefused(Reason.NO_VALID_KEY);

        Scrape scrape = scrape();

        assertEquals(2, scrape.count("captcha_tencent_sms_sends_total", "outcome", "Ok"));
        assertEquals(1, scrape.count("captcha_tencent_sms_sends_total", "outcome", "AuthFailure"));
        assertEquals(1, scrape.count("captcha_store_errors_total"));
        assertEquals(1, scrape.count("captcha_handshakes_refused_total", "reason", "no_valid_key"));
    }

    @Test
    void anExpectedRefusalReasonIsThereAtZero() throws Exception {
        metrics.expectRefusal(Reason.NOT_LOOPBACK);

        assertEquals(0.0, scrape().find("captcha_handshakes_refused_total", "reason", "not_loopback").orElseThrow());
    }

    @Test
    void theStoreErrorCounterIsThereBeforeTheFirstError() throws Exception {
        assertEquals(0.0, scrape().find("captcha_store_errors_total").orElseThrow());
    }

    @Test
    void gaugesAreReadWhenScraped() throws Exception {
        AtomicInteger open = new AtomicInteger(3);
        metrics.gauge("captcha_open_connections", "open", open::get);
        metrics.gauge("captcha_broken", "cannot be read", () -> Double.NaN);

        assertEquals(3.0, scrape().find("captcha_open_connections").orElseThrow());
        open.set(5);
        Scrape later = scrape();
        assertEquals(5.0, later.find("captcha_open_connections").orElseThrow());
        assertTrue(Double.isNaN(later.find("captcha_broken").orElseThrow()));
    }

    @Test
    void writesPrometheusTextFormatWithHelpAndType() throws Exception {
        metrics.request("img", "generate", 0, 1);

        String text = text();

        assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.contentType());
        assertTrue(text.contains("# TYPE captcha_requests_total counter\n"), text);
        assertTrue(text.contains("# HELP captcha_requests_total "), text);
        assertTrue(text.contains("# TYPE captcha_request_duration_seconds histogram\n"), text);
    }

    /** Each deployment its own registry: a second one starts at zero, whatever the first counted. */
    @Test
    void twoInstancesCountApart() throws Exception {
        metrics.storeError();

        assertEquals(0, Scrape.parse(text(new Metrics())).count("captcha_store_errors_total"));
        assertEquals(List.of(Map.of()), scrape().series("captcha_store_errors_total"));
    }

    private Scrape scrape() throws Exception {
        return Scrape.parse(text());
    }

    private String text() throws Exception {
        return text(metrics);
    }

    private static String text(Metrics of) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        of.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
