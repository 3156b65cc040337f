package org.captchaws.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Every meter of the service, in one registry per deployment (never Prometheus's static default
 * one, which would outlive a redeploy). Each recording method takes only values from fixed
 * tables, so no label can grow with traffic: never a phone, an id, an address or a key.
 *
 * <ul>
 *     <li>{@code captcha_requests_total{subtype,action,code}}: requests answered, by the
 *     operation and the reply's status ({@code 0}, or an integer code of {@code ErrorCode})</li>
 *     <li>{@code captcha_request_duration_seconds{subtype,action}}: from the request's arrival at
 *     the dispatcher to its reply, waiting for a worker included</li>
 *     <li>{@code captcha_tencent_sms_sends_total{outcome}}: calls to Tencent, by its answer</li>
 *     <li>{@code captcha_store_errors_total}: store calls made for a request that failed</li>
 *     <li>{@code captcha_handshakes_refused_total{reason}}: WebSocket handshakes refused</li>
 *     <li>gauges the operations package registers, read when scraped</li>
 * </ul>
 */
@ApplicationScoped
public class Metrics {

    /** For a request whose type, subtype or action names no operation. */
    public static final String UNKNOWN = "unknown";

    // From a millisecond (a verify in memory) to past Tencent's default timeouts (5 s + 5 s).
    private static final double[] LATENCY_BUCKETS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();

    private final Counter requests = Counter.builder()
            .name("captcha_requests")
            .help("Requests answered, by operation and reply status (0 or the integer error code)")
            .labelNames("subtype", "action", "code")
            .withoutExemplars()
            .register(registry);

    private final Histogram latency = Histogram.builder()
            .name("captcha_request_duration_seconds")
            .help("Time from a request's arrival to its reply, by operation")
            .labelNames("subtype", "action")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .withoutExemplars()
            .register(registry);

    private final Counter tencentSends = Counter.builder()
            .name("captcha_tencent_sms_sends")
            .help("Calls to Tencent Cloud SMS, by Tencent's answer (its error code, Ok, or why there was none)")
            .labelNames("outcome")
            .withoutExemplars()
            .register(registry);

    private final Counter storeErrors = Counter.builder()
            .name("captcha_store_errors")
            .help("Store calls made for a request that failed: Redis unreachable, too slow or refusing")
            .withoutExemplars()
            .register(registry);

    private final Counter refusedHandshakes = Counter.builder()
            .name("captcha_handshakes_refused")
            .help("WebSocket handshakes refused, by reason")
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);

    /**
     * @param subtype the operation's subtype, or {@link #UNKNOWN}
     * @param action  the operation's action, or {@link #UNKNOWN}
     * @param status  the reply's status: 0 for success, else an error code's integer
     */
    public void request(String subtype, String action, int status, long nanos) {
        requests.labelValues(subtype, action, Integer.toString(status)).inc();
        latency.labelValues(subtype, action).observe(nanos / NANOS_PER_SECOND);
    }

    /** @param outcome one of a fixed set of names (the sender bounds Tencent's codes) */
    public void tencentSend(String outcome) {
        tencentSends.labelValues(outcome).inc();
    }

    public void storeError() {
        storeErrors.inc();
    }

    /** @param reason a constant of the refusal's enum, labelled in lower case */
    public void handshakeRefused(Enum<?> reason) {
        refusedHandshakes.labelValues(reason.name().toLowerCase(Locale.ROOT)).inc();
    }

    /** Starts a refusal reason at 0, so a dashboard sees every reason before the first refusal. */
    public void expectRefusal(Enum<?> reason) {
        refusedHandshakes.labelValues(reason.name().toLowerCase(Locale.ROOT));
    }

    /** A gauge read when the metrics are scraped; {@code NaN} for a value that cannot be had right now. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }

    /** The Prometheus text format's media type, version included. */
    public String contentType() {
        return format.getContentType();
    }

    public void writeTo(OutputStream out) throws IOException {
        format.write(out, registry.scrape());
    }
}
