package org.captchaws.store;

import org.captchaws.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.captchaws.store.ChallengeStoreContract.LONG_TTL;
import static org.captchaws.store.ChallengeStoreContract.mac;
import static org.captchaws.store.SendCounterContract.ONE_A_MINUTE;
import static org.captchaws.store.SendCounterContract.NO_INTERVAL;
import static org.captchaws.store.SendCounterContract.PHONE;
import static org.captchaws.store.SendCounterContract.counted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertEquals(1, store.attempt("img:1").orElseThrow().number());
        }
    }

    @Nested
    class SendCounts extends SendCounterContract {

        @Override
        protected SendCounter newCounter() {
            return new RedisSendCounter(connect("captcha:"));
        }

        @Test
        void releaseForAPhoneWithoutCountersCreatesNothing() throws Exception {
            counter.release(new SendReservation(PHONE, Instant.now()));

            assertEquals(0, raw.dbSize());
        }

        @Test
        void twoInstancesShareLimits() throws Exception {
            SendCounter other = new RedisSendCounter(connect("captcha:"));

            counted(PHONE, ONE_A_MINUTE);

            assertEquals(SendRefusal.TOO_FREQUENT, other.reserve(PHONE, ONE_A_MINUTE));
        }

        @Test
        void countersWithDifferentPrefixesDoNotSeeEachOther() throws Exception {
            SendCounter otherApp = new RedisSendCounter(connect("other-app:"));

            counted(PHONE, ONE_A_MINUTE);

            counted(otherApp, PHONE, ONE_A_MINUTE);
        }

        @Test
        void aPhonesKeysShareItsHashTagSoTheyLiveOnOneClusterSlot() throws Exception {
            counted(PHONE, ONE_A_MINUTE);

            assertEquals(Set.of("captcha:send:{13800138000}:interval",
                    "captcha:send:{13800138000}:hour", "captcha:send:{13800138000}:day"), raw.keys("*"));
        }

        @Test
        void zeroIntervalSetsNoIntervalKey() throws Exception {
            counted(PHONE, NO_INTERVAL);

            assertEquals(Set.of("captcha:send:{13800138000}:hour", "captcha:send:{13800138000}:day"),
                    raw.keys("*"));
        }
    }
}
