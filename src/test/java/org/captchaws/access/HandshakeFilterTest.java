package org.captchaws.access;

import jakarta.servlet.ServletRequest;
import org.captchaws.metrics.Metrics;
import org.captchaws.testing.FakeRequest;
import org.captchaws.testing.FakeResponse;
import org.captchaws.testing.Scrape;
import org.captchaws.testing.Settings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.captchaws.access.ApiKeysTest.KEY_A;
import static org.captchaws.access.ApiKeysTest.KEY_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every handshake decided before the upgrade; every other request untouched. */
class HandshakeFilterTest {

    private static final String WS_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Metrics metrics = new Metrics();
    private final OpenConnections connections = new OpenConnections();
    private final HandshakeFilter filter = new HandshakeFilter();
    private final List<ServletRequest> passed = new ArrayList<>();
    private final FakeResponse response = new FakeResponse();

    HandshakeFilterTest() {
        connections.settings = Settings.access(KEY_A, null, null, 2);
        filter.access = AccessControlTest.built(KEY_A, null, null, 2);
        filter.connections = connections;
        filter.metrics = metrics;
        filter.init();
    }

    @Test
    void everyRefusalReasonIsCountedFromZeroAndAllowedIsNoReason() throws Exception {
        Scrape scrape = scrape();

        for (String reason : List.of("no_valid_key", "network_not_allowed", "origin_not_allowed", "not_loopback",
                "too_many_connections")) {
            assertEquals(0.0, scrape.find("captcha_handshakes_refused_total", "reason", reason).orElseThrow(), reason);
        }
        assertTrue(scrape.find("captcha_handshakes_refused_total", "reason", "allowed").isEmpty());
    }

    @Test
    void aRequestThatIsNoHandshakePassesWhateverItCarries() throws Exception {
        FakeRequest page = new FakeRequest().remoteAddr("203.0.113.9").header("Upgrade", "h2c");

        filter.doFilter(page, response, (request, res) -> passed.add(request));

        assertEquals(List.of(page), passed);
        assertEquals(200, response.getStatus());
    }

    @Test
    void anAllowedHandshakeGoesOnToTheUpgrade() throws Exception {
        FakeRequest handshake = handshake("Bearer " + KEY_A);

        filter.doFilter(handshake, response, (request, res) -> passed.add(request));

        assertEquals(List.of(handshake), passed);
        assertEquals(200, response.getStatus(), "no refusal written");
        assertEquals("", response.body());
    }

    @Test
    void aRefusedHandshakeIsAnsweredCountedAndNeverUpgraded() throws Exception {
        filter.doFilter(handshake("Bearer " + KEY_B), response, (request, res) -> passed.add(request));

        assertEquals(List.of(), passed);
        assertEquals(401, response.getStatus());
        assertEquals("Bearer", response.getHeader("WWW-Authenticate"));
        assertEquals(Verdict.NO_VALID_KEY.reason() + "\n", response.body());
        assertEquals(1.0, scrape().find("captcha_handshakes_refused_total", "reason", "no_valid_key").orElseThrow());
    }

    @Test
    void atTheConnectionLimitAValidHandshakeIsA503() throws Exception {
        connections.opened();
        connections.opened();

        filter.doFilter(handshake("Bearer " + KEY_A), response, (request, res) -> passed.add(request));

        assertEquals(List.of(), passed);
        assertEquals(503, response.getStatus());
        assertEquals(1.0, scrape().find("captcha_handshakes_refused_total", "reason", "too_many_connections").orElseThrow());
    }

    @Test
    void atTheLimitAnInvalidHandshakeIsStillRefusedForItsKey() throws Exception {
        connections.opened();
        connections.opened();

        filter.doFilter(handshake(null), response, (request, res) -> passed.add(request));

        assertEquals(401, response.getStatus());
    }

    @Test
    void theHandshakeAsTheRulesSeeIt() {
        Handshake seen = HandshakeFilter.handshake(new FakeRequest().remoteAddr("198.51.100.7").scheme("https")
                .header("Host", "captcha.example").header("Origin", "https://shop.example")
                .header("Authorization", "Bearer k")
                .header("Sec-WebSocket-Protocol", "captcha-ws, bearer.a2V5").header("Sec-WebSocket-Protocol", " , extra "));

        assertEquals(Cidr.parseAddress("198.51.100.7"), seen.remote());
        assertEquals("https://captcha.example", seen.ownOrigin());
        assertEquals("https://shop.example", seen.origin());
        assertEquals("Bearer k", seen.authorization());
        assertEquals(List.of("captcha-ws", "bearer.a2V5", "extra"), seen.subprotocols());
        assertFalse(seen.forwarded());
    }

    @Test
    void withoutAHostHeaderTheOwnOriginIsTheServersNameAndPort() {
        Handshake seen = HandshakeFilter.handshake(new FakeRequest().server("10.0.0.5", 8443).scheme("https"));

        assertEquals("https://10.0.0.5:8443", seen.ownOrigin());
        assertNull(seen.origin());
        assertEquals(List.of(), seen.subprotocols());
    }

    @Test
    void theOldOriginHeaderCountsWhenThereIsNoOrigin() {
        assertEquals("http://old.example", HandshakeFilter.handshake(new FakeRequest()
                .header("Sec-WebSocket-Origin", "http://old.example")).origin());
        assertEquals("http://new.example", HandshakeFilter.handshake(new FakeRequest()
                .header("Origin", "http://new.example").header("Sec-WebSocket-Origin", "http://old.example")).origin());
    }

    @Test
    void anyForwardingHeaderMarksTheHandshakeAsProxied() {
        for (String header : List.of("Forwarded", "X-Forwarded-For", "X-Real-IP")) {
            assertTrue(HandshakeFilter.handshake(new FakeRequest().header(header, "for=198.51.100.7")).forwarded(), header);
        }
        assertFalse(HandshakeFilter.handshake(new FakeRequest().header("Via", "1.1 proxy")).forwarded());
    }

    private static FakeRequest handshake(String authorization) {
        FakeRequest request = new FakeRequest().remoteAddr("198.51.100.7").header("Sec-WebSocket-Key", WS_KEY);
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private Scrape scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }
}
