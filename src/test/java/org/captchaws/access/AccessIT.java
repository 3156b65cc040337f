package org.captchaws.access;

import org.captchaws.testing.Deployments;
import org.captchaws.testing.Envelopes;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.Handshakes;
import org.captchaws.testing.ItKeys;
import org.captchaws.testing.Scrape;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.captchaws.access.ApiKeysTest.KEY_A;
import static org.captchaws.access.ApiKeysTest.KEY_B;
import static org.captchaws.access.HandshakeRulesTest.base64url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trust boundary over the real WebSocket handshake: refusals are HTTP responses (no
 * session ever opens), what is allowed gets captchas as before.
 */
@ExtendWith(ArquillianExtension.class)
class AccessIT {

    private static final String WRONG_KEY = "w".repeat(40);
    private static final String LISTED_ORIGIN = "https://shop.example:8443";

    /**
     * No keys, so loopback only. The test servers have keys server-wide (ItKeys); an empty
     * value here would not override them on Payara, whose MicroProfile Config skips it for the
     * next source. A list of no keys (a lone comma: empty entries are skipped) does, on both.
     */
    @Deployment(name = "open", testable = false)
    static WebArchive open() {
        return Deployments.builtWarWith("captcha-open", "captcha.auth.keys=,\n");
    }

    @Deployment(name = "keys", testable = false)
    static WebArchive keys() {
        return Deployments.builtWarWith("captcha-keys", """
                captcha.auth.keys=%s,%s
                captcha.auth.allowed-origins=%s
                captcha.auth.allowed-networks=127.0.0.0/8, ::1/128
                """.formatted(KEY_A, KEY_B, LISTED_ORIGIN));
    }

    /** A valid key, but from a network that is not listed (the tests connect from 127.0.0.1). */
    @Deployment(name = "networks", testable = false)
    static WebArchive networks() {
        return Deployments.builtWarWith("captcha-networks", """
                captcha.auth.keys=%s
                captcha.auth.allowed-networks=10.0.0.0/8, ::1
                """.formatted(KEY_A));
    }

    @Deployment(name = "limited", testable = false)
    static WebArchive limited() {
        return Deployments.builtWarWith("captcha-limited", "captcha.ws.max-connections=2\n");
    }

    @Deployment(name = "short-key", managed = false, testable = false)
    static WebArchive shortKey() {
        return Deployments.builtWarWith("captcha-short-key", "captcha.auth.keys=" + KEY_A + ",too-short-a-key\n");
    }

    @ArquillianResource
    @OperateOnDeployment("open")
    URL openUrl;

    @ArquillianResource
    @OperateOnDeployment("keys")
    URL keysUrl;

    @ArquillianResource
    @OperateOnDeployment("networks")
    URL networksUrl;

    @ArquillianResource
    @OperateOnDeployment("limited")
    URL limitedUrl;

    @ArquillianResource
    Deployer deployer;

    @Test
    void withKeysAHandshakeWithoutAKeyGets401() throws Exception {
        HttpResponse<?> refused = Handshakes.refusal(keysUrl, handshake -> { });

        assertEquals(401, refused.statusCode());
        assertEquals(Optional.of("Bearer"), refused.headers().firstValue("WWW-Authenticate"));
    }

    @Test
    void aWrongKeyGets401() throws Exception {
        assertEquals(401, Handshakes.refusalStatus(keysUrl, bearer(WRONG_KEY)));
        assertEquals(401, Handshakes.refusalStatus(keysUrl, bearer(KEY_A.substring(1))));
        assertEquals(401, Handshakes.refusalStatus(keysUrl, handshake -> handshake.header("Authorization", "Basic " + KEY_A)));
        assertEquals(401, Handshakes.refusalStatus(keysUrl,
                handshake -> handshake.subprotocols("captcha-ws", "bearer." + base64url(WRONG_KEY))));
    }

    @Test
    void bothKeysWorkAndABackendStaysWithoutSubprotocol() throws Exception {
        for (String key : List.of(KEY_A, KEY_B)) {
            try (WsClient client = WsClient.connect(keysUrl, bearer(key))) {
                assertEquals("0", client.call(Envelopes.generateImage("k")).getString("status"));
                assertEquals("", client.subprotocol());
            }
        }
    }

    @Test
    void aBrowserStyleKeyInASubprotocolWorksAndCaptchaWsIsSelected() throws Exception {
        try (WsClient client = WsClient.connect(keysUrl,
                handshake -> handshake.subprotocols("captcha-ws", "bearer." + base64url(KEY_B)))) {
            assertEquals("captcha-ws", client.subprotocol());
            assertEquals("0", client.call(Envelopes.generateImage("p")).getString("status"));
        }
    }

    @Test
    void aForeignOriginGets403EvenWithAKey() throws Exception {
        assertEquals(403, Handshakes.refusalStatus(keysUrl, bearer(KEY_A).andThen(origin("http://evil.example"))));
        assertEquals(403, Handshakes.refusalStatus(keysUrl, bearer(KEY_A).andThen(origin("null"))));
        assertEquals(403, Handshakes.refusalStatus(openUrl, origin("http://evil.example")),
                "a loopback-open server cannot be hijacked from another site");
    }

    @Test
    void theOwnOriginAndListedOriginsWork() throws Exception {
        for (Consumer<WebSocket.Builder> handshake : List.of(
                bearer(KEY_A).andThen(origin(ownOrigin(keysUrl))),
                bearer(KEY_A).andThen(origin(LISTED_ORIGIN)))) {
            try (WsClient client = WsClient.connect(keysUrl, handshake)) {
                assertEquals("0", client.call(Envelopes.generateImage("o")).getString("status"));
            }
        }
        try (WsClient client = WsClient.connect(openUrl, origin(ownOrigin(openUrl)))) {
            assertEquals("0", client.call(Envelopes.generateImage("o")).getString("status"));
        }
    }

    @Test
    void aClientOutsideTheAllowedNetworksGets403EvenWithAKey() throws Exception {
        assertEquals(403, Handshakes.refusalStatus(networksUrl, bearer(KEY_A)), "127.0.0.1 is in neither 10/8 nor ::1");
    }

    @Test
    void withoutKeysLoopbackConnectsButNotThroughAProxy() throws Exception {
        try (WsClient client = WsClient.connect(openUrl)) {
            assertEquals("0", client.call(Envelopes.generateImage("l")).getString("status"));
        }
        assertEquals(403, Handshakes.refusalStatus(openUrl, handshake -> handshake.header("X-Forwarded-For", "203.0.113.5")));
        assertEquals(403, Handshakes.refusalStatus(openUrl, handshake -> handshake.header("Forwarded", "for=203.0.113.5")));
    }

    @Test
    void theMetricsTakeTheSameKeysAsTheHandshake() throws Exception {
        HttpResponse<String> none = Scrape.get(keysUrl, null);
        assertEquals(401, none.statusCode());
        assertEquals(Optional.of("Bearer"), none.headers().firstValue("WWW-Authenticate"));
        assertEquals(401, Scrape.get(keysUrl, WRONG_KEY).statusCode());
        assertEquals(401, Scrape.get(keysUrl, ItKeys.first()).statusCode(), "this deployment's keys replace the server's");
        assertEquals(200, Scrape.get(keysUrl, KEY_A).statusCode());
        assertEquals(200, Scrape.get(keysUrl, KEY_B).statusCode());
        assertEquals(403, Scrape.get(keysUrl, KEY_A, java.util.Map.of("Origin", "http://evil.example")).statusCode());
    }

    @Test
    void theMetricsAreRefusedOutsideTheAllowedNetworksEvenWithAKey() throws Exception {
        assertEquals(403, Scrape.get(networksUrl, KEY_A).statusCode());
    }

    @Test
    void withoutKeysTheMetricsAreForLoopbackAloneAndNotThroughAProxy() throws Exception {
        assertEquals(200, Scrape.get(openUrl, null).statusCode());
        assertEquals(403, Scrape.get(openUrl, null, java.util.Map.of("X-Forwarded-For", "203.0.113.5")).statusCode());
        assertEquals(403, Scrape.get(openUrl, null, java.util.Map.of("Forwarded", "for=203.0.113.5")).statusCode());
    }

    @Test
    void healthStaysPublicWhereverTheMetricsAreRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (URL deployment : List.of(keysUrl, networksUrl)) {
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(deployment + "health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), deployment + ": " + live.body());
            // Answered, not refused: these deployments have no SMS provider, so not ready (503).
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(deployment + "health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), deployment + ": " + ready.body());
            assertTrue(WsClient.parse(ready.body()).containsKey("checks"), ready.body());
        }
    }

    @Test
    void pastMaxConnectionsTheHandshakeGets503UntilOneCloses() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                WsClient client = WsClient.connect(limitedUrl);
                clients.add(client);
                assertEquals("0", client.call(Envelopes.generateImage("c" + i)).getString("status"));
            }

            // With the servers' key: the cap is the one reason left to refuse.
            assertEquals(503, Handshakes.refusalStatus(limitedUrl, ItKeys.bearer(ItKeys.first())));
            assertEquals(503, Handshakes.refusalStatus(limitedUrl, ItKeys.bearer(ItKeys.first())), "a refusal takes no place");

            clients.remove(0).close();
            Eventually.await(Duration.ofSeconds(20), "a place freed by the closed connection", () -> {
                try (WsClient again = WsClient.connect(limitedUrl)) {
                    return "0".equals(again.call(Envelopes.generateImage("again")).getString("status"));
                } catch (java.util.concurrent.ExecutionException refused) {
                    return false;
                }
            });
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void thePageAndTheImagesStayPublicAndImagesAreNotSniffed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(keysUrl + "captcha.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());

        String addr;
        try (WsClient client = WsClient.connect(keysUrl, bearer(KEY_A))) {
            addr = client.call(Envelopes.generateImage("i")).getJsonObject("data").getString("addr");
        }
        HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create(keysUrl + "images/" + addr)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, image.statusCode());
        assertEquals(Optional.of("image/png"), image.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("nosniff"), image.headers().firstValue("X-Content-Type-Options"));
    }

    @Test
    void aKeyShorterThan32CharactersStopsTheDeployment() {
        assertThrows(Exception.class, () -> deployer.deploy("short-key"));
    }

    @Test
    void noKeyAppearsInTheServerLog() throws Exception {
        // Handshakes with every kind of key first, so there is something to log.
        try (WsClient client = WsClient.connect(keysUrl, bearer(KEY_A))) {
            client.call(Envelopes.generateImage("log"));
        }
        Handshakes.refusalStatus(keysUrl, bearer(WRONG_KEY));
        Handshakes.refusalStatus(keysUrl, handshake -> handshake.subprotocols("captcha-ws", "bearer." + base64url(KEY_B)).header("Origin", "http://evil.example"));

        Path log = Path.of(System.getProperty("it.server-log"));
        String text = Files.readString(log);
        String fingerprint = ApiKeys.parse(KEY_A).fingerprints().get(0);
        assertTrue(text.contains(fingerprint), "the log names the keys by fingerprint: is " + log + " the server's log?");
        for (String secret : List.of(KEY_A, KEY_B, WRONG_KEY, base64url(KEY_A), base64url(KEY_B),
                ItKeys.first(), ItKeys.second())) {
            assertFalse(text.contains(secret), "a key in " + log);
        }
    }

    private static Consumer<WebSocket.Builder> bearer(String key) {
        return handshake -> handshake.header("Authorization", "Bearer " + key);
    }

    private static Consumer<WebSocket.Builder> origin(String origin) {
        return handshake -> handshake.header("Origin", origin);
    }

    private static String ownOrigin(URL deployment) {
        return deployment.getProtocol() + "://" + deployment.getHost() + ":" + deployment.getPort();
    }
}
