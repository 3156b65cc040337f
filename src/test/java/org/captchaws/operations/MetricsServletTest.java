package org.captchaws.operations;

import jakarta.servlet.http.HttpServletRequest;
import org.captchaws.access.AccessControl;
import org.captchaws.access.Verdict;
import org.captchaws.metrics.Metrics;
import org.captchaws.testing.FakeRequest;
import org.captchaws.testing.FakeResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} behind the boundary. The boundary is a stand-in with a fixed verdict per
 * request (AccessControl's own tests cover how it decides): a scrape with a key is allowed.
 */
class MetricsServletTest {

    private final Metrics metrics = new Metrics();
    private final MetricsServlet servlet = new MetricsServlet();

    MetricsServletTest() {
        servlet.metrics = metrics;
        servlet.access = new AccessControl() {
            @Override
            public Verdict check(HttpServletRequest request) {
                return request.getHeader("Authorization") == null ? Verdict.NO_VALID_KEY : Verdict.ALLOWED;
            }
        };
    }

    @Test
    void anAllowedScrapeGetsTheMetricsInPrometheusTextFormatUncached() throws Exception {
        metrics.storeError();
        FakeResponse response = new FakeResponse();

        servlet.doGet(new FakeRequest().header("Authorization", "Bearer k"), response);

        assertEquals(200, response.getStatus());
        assertEquals(metrics.contentType(), response.getContentType());
        assertEquals("no-store", response.getHeader("Cache-Control"));
        assertTrue(response.body().contains("captcha_store_errors_total 1.0"), response.body());
    }

    @Test
    void aRefusedScrapeIsAnsweredAsARefusedHandshakeAndShowsNothing() throws Exception {
        metrics.storeError();
        FakeResponse response = new FakeResponse();

        servlet.doGet(new FakeRequest(), response);

        assertEquals(401, response.getStatus());
        assertEquals("Bearer", response.getHeader("WWW-Authenticate"));
        assertEquals(Verdict.NO_VALID_KEY.reason() + "\n", response.body());
        assertFalse(response.body().contains("captcha_"), "no metric in a refusal");
        assertNull(response.getHeader("Cache-Control"));
    }
}
