package org.captchaws.operations;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.captchaws.store.RedisServerProcess;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.Handshakes;
import org.captchaws.testing.ItKeys;
import org.captchaws.testing.Scrape;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.captchaws.testing.Envelopes.generateImage;
import static org.captchaws.testing.Envelopes.sendSms;
import static org.captchaws.testing.Envelopes.verifyImage;
import static org.captchaws.testing.Envelopes.verifySms;
import static org.captchaws.testing.ReplyAssertions.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health and metrics of the WAR in the server, over plain HTTP, with the API keys every test
 * server has: health answers anyone, metrics only a key; the counters move by exactly the
 * requests made; readiness follows a real Redis down and up again.
 */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    private static final Path WORK = Path.of(System.getProperty("it.work-dir", "target"));
    private static final Path IMAGES = WORK.resolve("ops-images");
    /** A file where the broken deployment's images folder should be: it cannot be created. */
    private static final Path NOT_A_FOLDER = WORK.resolve("ops-not-a-folder");
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final String REQUESTS = "captcha_requests_total";

    private static RedisServerProcess redis;

    @Deployment(name = "ops", testable = false)
    static WebArchive ops() {
        return Deployments.builtWarWith("captcha-ops", """
                captcha.image.dir=%s
                captcha.sms.provider=log
                captcha.sms.min-interval-seconds=0
                """.formatted(IMAGES.toAbsolutePath()));
    }

    /** Three of the four checks failing: no folder can be made, a font without the alphabet, no Tencent settings. */
    @Deployment(name = "broken", testable = false)
    static WebArchive broken() {
        try {
            Files.createDirectories(WORK);
            Files.write(NOT_A_FOLDER, new byte[]{1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Deployments.builtWarWith("captcha-ops-broken", """
                captcha.image.dir=%s
                captcha.image.alphabet=验证码图片文字
                captcha.sms.provider=tencent
                """.formatted(NOT_A_FOLDER.resolve("images").toAbsolutePath()));
    }

    @Deployment(name = "redis", testable = false)
    static WebArchive onRedis() {
        return Deployments.builtWarWith("captcha-ops-redis", """
                captcha.store=redis
                captcha.redis.uri=%s
                captcha.redis.timeout-millis=%d
                captcha.image.dir=%s
                captcha.sms.provider=log
                """.formatted(redis().uri(), REDIS_TIMEOUT.toMillis(), WORK.resolve("ops-redis-images").toAbsolutePath()));
    }

    private static synchronized RedisServerProcess redis() {
        if (redis == null) {
            try {
                redis = RedisServerProcess.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return redis;
    }

    @AfterAll
    static void stopRedis() {
        redis().close();
    }

    @ArquillianResource
    @OperateOnDeployment("ops")
    URL ops;

    @ArquillianResource
    @OperateOnDeployment("broken")
    URL broken;

    @ArquillianResource
    @OperateOnDeployment("redis")
    URL onRedis;

    @Test
    void liveIsPublicAndUp() throws Exception {
        HttpResponse<String> live = get(ops, "health/live");

        assertEquals(200, live.statusCode());
        assertEquals(Optional.of("application/json"), live.headers().firstValue("Content-Type").map(OperationsIT::mediaType));
        assertEquals("{\"status\":\"UP\",\"checks\":[]}", live.body());
    }

    @Test
    void readyIsPublicAndNamesEveryCheckUp() throws Exception {
        HttpResponse<String> ready = get(ops, "health/ready");

        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject health = WsClient.parse(ready.body());
        assertEquals("UP", health.getString("status"));
        assertEquals(Map.of("images-folder", "UP", "font", "UP", "store", "UP", "sms", "UP"), statuses(health));
        assertEquals(Map.of("store", "memory"), data(health, "store"));
        assertEquals(Map.of("provider", "log"), data(health, "sms"));
        assertRevealsNothing(ready.body());
    }

    @Test
    void readyIs503AndSaysWhichChecksFailed() throws Exception {
        HttpResponse<String> ready = get(broken, "health/ready");

        assertEquals(503, ready.statusCode(), ready.body());
        JsonObject health = WsClient.parse(ready.body());
        assertEquals("DOWN", health.getString("status"));
        assertEquals(Map.of("images-folder", "DOWN", "font", "DOWN", "store", "UP", "sms", "DOWN"), statuses(health));
        assertEquals(Map.of("provider", "tencent"), data(health, "sms"));
        assertRevealsNothing(ready.body());
        assertFalse(ready.body().contains(NOT_A_FOLDER.getFileName().toString()), "no path: " + ready.body());

        assertEquals(200, get(broken, "health/live").statusCode(), "not ready, but alive: a restart would not help");
    }

    @Test
    void metricsNeedOneOfTheServersKeys() throws Exception {
        HttpResponse<String> none = Scrape.get(ops, null);
        assertEquals(401, none.statusCode());
        assertEquals(Optional.of("Bearer"), none.headers().firstValue("WWW-Authenticate"));
        assertFalse(none.body().contains("captcha_"), none.body());
        assertEquals(401, Scrape.get(ops, "w".repeat(40)).statusCode());
        assertEquals(401, Scrape.get(ops, ItKeys.first().substring(1)).statusCode());

        for (String key : List.of(ItKeys.first(), ItKeys.second())) {
            HttpResponse<String> scrape = Scrape.get(ops, key);
            assertEquals(200, scrape.statusCode());
            String type = scrape.headers().firstValue("Content-Type").orElseThrow();
            assertEquals("text/plain", mediaType(type));
            assertTrue(type.replace(" ", "").contains(";version=0.0.4"), type);
            // A meter without labels is there from the start, whatever the tests before this one did.
            assertTrue(scrape.body().contains("# TYPE captcha_open_connections gauge"), scrape.body());
        }
    }

    @Test
    void requestCountersMoveByExactlyTheRequestsMade() throws Exception {
        Scrape before = Scrape.of(ops);
        try (WsClient client = WsClient.connect(ops)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("0", client.call(generateImage("g" + i)).getString("status"));
            }
            assertFailure(client.call(verifyImage("ffffffffffffffffffffffffffffffff.png", "x")), 2002, "unknown captcha");
            String addr = client.call(generateImage("g3")).getJsonObject("data").getString("addr");
            assertFailure(client.call(verifyImage(addr, "wrong")), 2001, "wrong answer");
            assertFailure(client.call(verifyImage(addr, "wrong")), 2001, "wrong again");
            assertEquals("0", client.call(sendSms("13711112222")).getString("status"));
            assertFailure(client.call(verifySms("13711112222", "wrong")), 2001, "wrong code");
            assertFailure(client.call("""
                    {"id":"r","type":"captcha","subtype":"img","data":{"action":"rotate"}}"""), 4005, "unknown action");
            assertFailure(client.call("""
                    {"id":"r","type":"captcha","subtype":"voice","data":{"action":"generate"}}"""), 4004, "unknown subtype");
            // Not a request: no subtype, no action, not counted.
            assertFailure(client.call("{not json"), 4000, "malformed");
        }
        Scrape after = Scrape.of(ops);

        Map<List<String>, Double> expected = new LinkedHashMap<>();
        expected.put(List.of("img", "generate", "0"), 4.0);
        expected.put(List.of("img", "verify", "2002"), 1.0);
        expected.put(List.of("img", "verify", "2001"), 2.0);
        expected.put(List.of("sms", "generate", "0"), 1.0);
        expected.put(List.of("sms", "verify", "2001"), 1.0);
        expected.put(List.of("unknown", "unknown", "4005"), 1.0);
        expected.put(List.of("unknown", "unknown", "4004"), 1.0);
        Map<List<String>, Double> moved = new LinkedHashMap<>();
        for (Map<String, String> series : after.series(REQUESTS)) {
            List<String> key = List.of(series.get("subtype"), series.get("action"), series.get("code"));
            double delta = after.since(before, REQUESTS, "subtype", key.get(0), "action", key.get(1), "code", key.get(2));
            if (delta != 0) {
                moved.put(key, delta);
            }
        }
        assertEquals(expected, moved);

        assertEquals(4, duration(after, before, "img", "generate"));
        assertEquals(3, duration(after, before, "img", "verify"));
        assertEquals(1, duration(after, before, "sms", "generate"));
        assertEquals(1, duration(after, before, "sms", "verify"));
        assertEquals(2, duration(after, before, "unknown", "unknown"));
    }

    @Test
    void gaugesShowConnectionsChallengesAndImages() throws Exception {
        try (WsClient first = WsClient.connect(ops); WsClient second = WsClient.connect(ops)) {
            // Connections of earlier tests close on the server's own time.
            Eventually.await(TIMEOUT, "exactly the two connections open",
                    () -> Scrape.of(ops).find("captcha_open_connections").orElseThrow() == 2);
            Scrape before = Scrape.of(ops);

            JsonObject image = first.call(generateImage("a")).getJsonObject("data");
            second.call(generateImage("b"));
            Scrape issued = Scrape.of(ops);
            assertEquals(2, gaugeMoved(issued, before, "captcha_live_challenges"));
            assertEquals(2, gaugeMoved(issued, before, "captcha_image_files"));

            assertEquals("0", first.call(verifyImage(image.getString("addr"), image.getString("title"))).getString("status"));
            Scrape answered = Scrape.of(ops);
            assertEquals(1, gaugeMoved(answered, before, "captcha_live_challenges"), "an answered challenge is gone");
            assertEquals(1, gaugeMoved(answered, before, "captcha_image_files"), "and its image with it");
        }
        Eventually.await(TIMEOUT, "no connection open",
                () -> Scrape.of(ops).find("captcha_open_connections").orElseThrow() == 0);
    }

    @Test
    void refusedHandshakesAreCountedByReasonAndRefusedScrapesAreNot() throws Exception {
        Scrape before = Scrape.of(ops);

        assertEquals(401, Handshakes.refusalStatus(ops, handshake -> { }));
        assertEquals(401, Handshakes.refusalStatus(ops, ItKeys.bearer("w".repeat(40))));
        assertEquals(403, Handshakes.refusalStatus(ops, ItKeys.bearer(ItKeys.first())
                .andThen(handshake -> handshake.header("Origin", "http://evil.example"))));
        assertEquals(401, Scrape.get(ops, null).statusCode());
        Scrape after = Scrape.of(ops);

        assertEquals(2, after.since(before, "captcha_handshakes_refused_total", "reason", "no_valid_key"));
        assertEquals(1, after.since(before, "captcha_handshakes_refused_total", "reason", "origin_not_allowed"));
        for (String reason : List.of("network_not_allowed", "not_loopback", "too_many_connections")) {
            assertEquals(0, after.find("captcha_handshakes_refused_total", "reason", reason).orElseThrow(), reason);
        }
        assertEquals(5, after.series("captcha_handshakes_refused_total").size());
    }

    @Test
    void theChallengesOnRedisAreCounted() throws Exception {
        Scrape before = Scrape.of(onRedis);
        try (WsClient client = WsClient.connect(onRedis)) {
            client.call(generateImage("a"));
            client.call(generateImage("b"));
            client.call(sendSms("13711112222"));
        }

        assertEquals(3, gaugeMoved(Scrape.of(onRedis), before, "captcha_live_challenges"));
    }

    @Test
    void readyTurns503WhileRedisIsDownAndBackTo200WhenItIsBack() throws Exception {
        assertEquals(200, get(onRedis, "health/ready").statusCode());
        boolean restarted = false;
        try (WsClient client = WsClient.connect(onRedis)) {
            redis().stop();

            long start = System.nanoTime();
            HttpResponse<String> down = get(onRedis, "health/ready");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(503, down.statusCode(), down.body());
            JsonObject health = WsClient.parse(down.body());
            assertEquals(Map.of("images-folder", "UP", "font", "UP", "store", "DOWN", "sms", "UP"), statuses(health));
            assertEquals(Map.of("store", "redis"), data(health, "store"));
            assertRevealsNothing(down.body());
            assertFalse(down.body().contains(Integer.toString(redis().port())), "no address: " + down.body());
            assertTrue(took.compareTo(REDIS_TIMEOUT.plusSeconds(5)) < 0, "took " + took);

            Scrape before = Scrape.of(onRedis);
            assertTrue(Double.isNaN(before.find("captcha_live_challenges").orElseThrow()), "unknown while Redis is down");
            assertFailure(client.call(generateImage("down")), 5002, "Redis is down");
            Scrape after = Scrape.of(onRedis);
            assertEquals(1, after.since(before, "captcha_store_errors_total"), "the one failed call; probes are not errors");
            assertEquals(1, after.since(before, REQUESTS, "subtype", "img", "action", "generate", "code", "5002"));

            redis().restart();
            restarted = true;

            Eventually.await(TIMEOUT, "ready again", () -> get(onRedis, "health/ready").statusCode() == 200);
            assertEquals("0", client.call(generateImage("back")).getString("status"));
        } finally {
            if (!restarted) {
                // For the tests after this one, whatever failed here.
                redis().restart();
            }
        }
    }

    private static double duration(Scrape after, Scrape before, String subtype, String action) {
        return after.since(before, "captcha_request_duration_seconds_count", "subtype", subtype, "action", action);
    }

    private static double gaugeMoved(Scrape after, Scrape before, String gauge) {
        return after.find(gauge).orElseThrow() - before.find(gauge).orElseThrow();
    }

    private static Map<String, String> statuses(JsonObject health) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (JsonValue check : health.getJsonArray("checks")) {
            statuses.put(check.asJsonObject().getString("name"), check.asJsonObject().getString("status"));
        }
        return statuses;
    }

    private static Map<String, String> data(JsonObject health, String check) {
        for (JsonValue each : health.getJsonArray("checks")) {
            if (each.asJsonObject().getString("name").equals(check)) {
                Map<String, String> data = new LinkedHashMap<>();
                each.asJsonObject().getJsonObject("data").forEach((k, v) -> data.put(k, ((jakarta.json.JsonString) v).getString()));
                return data;
            }
        }
        throw new AssertionError("no check " + check + " in " + health);
    }

    private static void assertRevealsNothing(String body) {
        for (String secret : List.of(ItKeys.first(), ItKeys.second(), "redis://", "127.0.0.1", WORK.toString())) {
            assertFalse(body.contains(secret), "'" + secret + "' in " + body);
        }
    }

    private static String mediaType(String contentType) {
        return contentType.split(";")[0].strip();
    }

    private static HttpResponse<String> get(URL deployment, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(deployment + path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
