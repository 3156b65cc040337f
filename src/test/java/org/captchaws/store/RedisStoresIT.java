package org.captchaws.store;

import org.captchaws.testing.Concurrently;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.RecordingLogHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.captchaws.store.ChallengeStoreContract.LONG_TTL;
import static org.captchaws.store.ChallengeStoreContract.mac;
import static org.captchaws.store.SendCounterContract.IP;
import static org.captchaws.store.SendCounterContract.ONE_A_MINUTE;
import static org.captchaws.store.SendCounterContract.NO_CLIENT_IP;
import static org.captchaws.store.SendCounterContract.NO_INTERVAL;
import static org.captchaws.store.SendCounterContract.PHONE;
import static org.captchaws.store.SendCounterContract.counted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both Redis stores against one real redis-server: the contracts, and what is Redis's own. */
class RedisStoresIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static RedisServerProcess server;
    /** Looks at Redis behind the stores' back. */
    private static RedisClient raw;

    private final List<Redis> connections = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws IOException {
        server = RedisServerProcess.start();
        raw = RedisClient.create("127.0.0.1", server.port());
    }

    @AfterAll
    static void stopRedis() {
        raw.close();
        server.close();
    }

    @BeforeEach
    void emptyRedis() {
        raw.flushAll();
    }

    @AfterEach
    void disconnect() {
        connections.forEach(Redis::close);
    }

    private Redis connect(String prefix) {
        Redis created = new Redis(server.uri(), TIMEOUT, prefix);
        connections.add(created);
        return created;
    }

    @Nested
    class Challenges extends ChallengeStoreContract {

        @Override
        protected ChallengeStore newStore() {
            return new RedisChallengeStore(connect("captcha:"));
        }

        @Override
        protected long entries() {
            return raw.dbSize();
        }

        @Test
        void challengeExpiresAfterItsTtlEvenWhileAttempted() throws Exception {
            store.put("img:1", mac("a"), Duration.ofMillis(300));
            assertEquals(1, store.attempt("img:1").orElseThrow().number());

            // Redis's own expiry: its timing is Redis's, not ours.
            Eventually.await(Duration.ofSeconds(5), "the challenge expired", () -> store.attempt("img:1").isEmpty());
            assertEquals(0, raw.dbSize());
        }

        /** The count is of challenges only: not the send counters beside them, nor what other applications keep. */
        @Test
        void countsOnlyTheChallengesUnderItsOwnPrefix() throws Exception {
            store.put("img:1", mac("a"), LONG_TTL);
            raw.set("captcha:send:{+8613711112222}:phone", "1");
            raw.set("captcha:challengers", "1");
            raw.set("other:challenge:img:2", "1");
            ChallengeStore globbed = new RedisChallengeStore(connect("[c]aptcha*:"));
            raw.set("[c]aptcha*:challenge:img:3", "1");
            raw.set("captcha-x:challenge:img:4", "1");

            assertEquals(1, store.count());
            assertEquals(1, globbed.count(), "the prefix is matched literally, not as a pattern");
        }

        @Test
        void aTtlOfOneMillisecondIsTheShortestStored() throws Exception {
            store.put("img:1", mac("a"), Duration.ofMillis(1));
            Eventually.await(Duration.ofSeconds(5), "the challenge expired", () -> store.attempt("img:1").isEmpty());

            assertThrows(IllegalArgumentException.class, () -> store.put("img:2", mac("a"), Duration.ofNanos(999_999)),
                    "PEXPIRE 0 would delete it at once");
        }

        @Test
        void countsPastOneScanBatch() throws Exception {
            for (int i = 0; i < 2500; i++) {
                raw.set("captcha:challenge:img:" + i, "1");
            }

            assertEquals(2500, store.count());
        }

        @Test
        void twoInstancesShareChallenges() throws Exception {
            ChallengeStore other = new RedisChallengeStore(connect("captcha:"));
            store.put("img:1", mac("a"), LONG_TTL);

            assertEquals(1, other.attempt("img:1").orElseThrow().number());
            assertEquals(2, store.attempt("img:1").orElseThrow().number());
            assertTrue(other.remove("img:1"));
            assertFalse(store.remove("img:1"));
        }

        @Test
        void storesWithDifferentPrefixesDoNotSeeEachOther() throws Exception {
            ChallengeStore otherApp = new RedisChallengeStore(connect("other-app:"));
            store.put("img:1", mac("a"), LONG_TTL);

            assertEquals(Optional.empty(), otherApp.attempt("img:1"));
            assertFalse(otherApp.remove("img:1"));
            assertEquals(0, otherApp.count());
            assertEquals(1, store.attempt("img:1").orElseThrow().number());
        }
    }

    /** The connections one {@link Redis} holds: one for each worker that may call at once, none after close. */
    @Nested
    class Pool {

        @Test
        void servesEveryWorkerAtOnceAndKeepsTheirConnections() throws Exception {
            // Room for the callers' commands to wait out the pause below.
            Redis redis = new Redis(server.uri(), Duration.ofSeconds(5), "captcha:");
            connections.add(redis);
            ChallengeStore store = new RedisChallengeStore(redis);
            // Redis holds every command while clients are paused, so each caller keeps the
            // connection it was given until then, and the pool must give each one its own.
            raw.sendCommand(Protocol.Command.CLIENT, "PAUSE", "1500");

            Concurrently.run(Redis.MAX_CONNECTIONS, 20, () -> store.attempt("img:1"));

            Eventually.await(Duration.ofSeconds(5), Redis.MAX_CONNECTIONS + " pooled connections and ours",
                    () -> connectedClients() == Redis.MAX_CONNECTIONS + 1);
        }

        @Test
        void closingReleasesEveryConnection() throws Exception {
            Redis redis = new Redis(server.uri(), TIMEOUT, "captcha:");
            ChallengeStore store = new RedisChallengeStore(redis);
            store.put("img:1", mac("a"), LONG_TTL);
            Eventually.await(Duration.ofSeconds(5), "one pooled connection and ours", () -> connectedClients() == 2);

            redis.close();

            Eventually.await(Duration.ofSeconds(5), "only ours", () -> connectedClients() == 1);
        }

    }

    /** The stores and the verification made from the settings of instances that share this Redis. */
    @Nested
    class Produced {

        private final List<StoreProducer> producers = new ArrayList<>();

        @AfterEach
        void disconnectProducers() {
            producers.forEach(StoreProducer::disconnect);
        }

        @Test
        void instancesWithOneSecretShareChallengesAndSendCounts() throws Exception {
            StoreProducer a = producer(Map.of("captcha.verify.secret", StoreProducerTest.SECRET));
            StoreProducer b = producer(Map.of("captcha.verify.secret", StoreProducerTest.SECRET));
            assertEquals("redis", a.kind());
            a.ping();

            a.challenges(a.store()).issue("img:a", "N4Fsx");
            b.challenges(b.store()).verify("img:a", "N4Fsx");
            assertEquals(Set.of(), raw.keys("captcha:challenge:*"), "used up on the shared store");

            counted(a.sendCounter(), PHONE, ONE_A_MINUTE);
            assertEquals(SendRefusal.TOO_FREQUENT, b.sendCounter().reserve(PHONE, NO_CLIENT_IP, ONE_A_MINUTE));
        }

        @Test
        void withoutASecretInstancesCannotVerifyEachOthersAnswersAndEachSaysSo() throws Exception {
            try (RecordingLogHandler log = RecordingLogHandler.attachTo(Logger.getLogger(StoreProducer.class.getName()))) {
                StoreProducer a = producer(Map.of());
                StoreProducer b = producer(Map.of());
                var issuing = a.challenges(a.store());
                var verifying = b.challenges(b.store());

                issuing.issue("img:a", "N4Fsx");

                assertEquals(ErrorCode.WRONG_ANSWER.code(),
                        assertThrows(CaptchaException.class, () -> verifying.verify("img:a", "N4Fsx")).code());
                assertEquals(2, log.records().stream().filter(r -> r.getLevel() == Level.WARNING
                        && r.getMessage().contains("captcha.verify.secret is not set")).count());
            }
        }

        @Test
        void disconnectingReleasesTheConnections() throws Exception {
            StoreProducer producer = producer(Map.of());
            producer.store().put("img:1", mac("a"), LONG_TTL);
            Eventually.await(Duration.ofSeconds(5), "one pooled connection and ours", () -> connectedClients() == 2);

            producer.disconnect();

            Eventually.await(Duration.ofSeconds(5), "only ours", () -> connectedClients() == 1);
        }

        private StoreProducer producer(Map<String, String> properties) {
            Map<String, String> onRedis = new HashMap<>(properties);
            onRedis.put("captcha.store", "redis");
            onRedis.put("captcha.redis.uri", server.uri());
            StoreProducer producer = StoreProducerTest.producer(onRedis);
            producers.add(producer);
            return producer;
        }
    }

    private static long connectedClients() {
        return raw.info("clients").lines()
                .filter(line -> line.startsWith("connected_clients:"))
                .mapToLong(line -> Long.parseLong(line.substring("connected_clients:".length()).strip()))
                .findFirst().orElseThrow();
    }

    @Nested
    class SendCounts extends SendCounterContract {

        @Override
        protected SendCounter newCounter() {
            return new RedisSendCounter(connect("captcha:"));
        }

        @Test
        void releaseForAPhoneWithoutCountersCreatesNothing() throws Exception {
            counter.release(new SendReservation(PHONE, NO_CLIENT_IP, Instant.now()));

            assertEquals(0, raw.dbSize());
        }

        @Test
        void twoInstancesShareLimits() throws Exception {
            SendCounter other = new RedisSendCounter(connect("captcha:"));

            counted(PHONE, ONE_A_MINUTE);

            assertEquals(SendRefusal.TOO_FREQUENT, other.reserve(PHONE, NO_CLIENT_IP, ONE_A_MINUTE));
        }

        @Test
        void twoInstancesShareTheBudgetAndTheAddressCounts() throws Exception {
            SendCounter other = new RedisSendCounter(connect("captcha:"));
            SendLimits limits = new SendLimits(Duration.ZERO, 100, 100, 2, 3, 100);

            counted("13800000001", IP, limits);
            assertInstanceOf(SendReservation.class, other.reserve("13800000002", Optional.of(IP), limits));

            assertEquals(SendRefusal.CLIENT_IP_HOURLY_LIMIT, reserve("13800000003", IP, limits));
            counted(other, "13800000003", limits);
            assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("13800000004", limits));
            assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, other.reserve("13800000004", NO_CLIENT_IP, limits));
        }

        @Test
        void countersWithDifferentPrefixesDoNotSeeEachOther() throws Exception {
            SendCounter otherApp = new RedisSendCounter(connect("other-app:"));

            counted(PHONE, ONE_A_MINUTE);

            counted(otherApp, PHONE, ONE_A_MINUTE);
        }

        @Test
        void allSendKeysShareOneHashTagSoTheScriptRunsOnOneClusterSlot() throws Exception {
            counted(PHONE, IP, ONE_A_MINUTE);

            assertEquals(Set.of("captcha:{send}:phone:13800138000:interval", "captcha:{send}:phone:13800138000:hour",
                    "captcha:{send}:phone:13800138000:day", "captcha:{send}:total:hour", "captcha:{send}:total:day",
                    "captcha:{send}:client-ip:203.0.113.7:hour"), raw.keys("*"));
        }

        @Test
        void eachCounterLivesForItsWindow() throws Exception {
            counted(PHONE, IP, ONE_A_MINUTE);

            assertWindow("captcha:{send}:phone:13800138000:interval", Duration.ofMinutes(1));
            assertWindow("captcha:{send}:phone:13800138000:hour", Duration.ofHours(1));
            assertWindow("captcha:{send}:phone:13800138000:day", Duration.ofDays(1));
            assertWindow("captcha:{send}:total:hour", Duration.ofHours(1));
            assertWindow("captcha:{send}:total:day", Duration.ofDays(1));
            assertWindow("captcha:{send}:client-ip:203.0.113.7:hour", Duration.ofHours(1));
        }

        private void assertWindow(String key, Duration window) {
            long ttl = raw.pttl(key);
            assertTrue(ttl > window.minusSeconds(10).toMillis() && ttl <= window.toMillis(), key + " expires in " + ttl);
        }

        @Test
        void zeroIntervalSetsNoIntervalKey() throws Exception {
            counted(PHONE, NO_INTERVAL);

            assertEquals(Set.of("captcha:{send}:phone:13800138000:hour", "captcha:{send}:phone:13800138000:day",
                    "captcha:{send}:total:hour", "captcha:{send}:total:day"), raw.keys("*"));
        }
    }
}
