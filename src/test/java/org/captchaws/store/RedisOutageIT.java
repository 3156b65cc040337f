package org.captchaws.store;

import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Redis that is gone or stuck fails each call in bounded time, and one that is back serves. */
class RedisOutageIT {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Room for the JVM and the machine on top of the store's own timeout. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final SendLimits LIMITS = new SendLimits(Duration.ZERO, 100, 100);
    private static final byte[] MAC = "mac".getBytes(StandardCharsets.UTF_8);

    @Test
    void storeFailsWhileRedisIsDownAndServesAgainOnceItIsBack() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start();
             Redis redis = new Redis(server.uri(), TIMEOUT, "captcha:")) {
            ChallengeStore store = new RedisChallengeStore(redis);
            SendCounter sends = new RedisSendCounter(redis);
            store.put("img:1", MAC, Duration.ofMinutes(1));
            SendReservation reservation = counted(sends);

            server.stop();

            assertEveryCallUnavailable(redis, reservation, TIMEOUT.plus(SLACK));

            server.restart();

            // The first failed call above dropped the pooled connection that died with the
            // server, so this is the pool connecting anew on its own.
            store.put("img:1", MAC, Duration.ofMinutes(1));
            assertEquals(1, store.attempt("img:1").orElseThrow().number());
            assertTrue(store.remove("img:1"));
            sends.release(counted(sends));
        }
    }

    /**
     * The metrics count the failed calls made for requests; readiness's PING and the gauge's
     * count report their own outcome, and a probe every few seconds must not look like errors.
     */
    @Test
    void failedCallsForRequestsAreReportedAndPingAndCountAreNot() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        try (RedisServerProcess server = RedisServerProcess.start();
             Redis redis = new Redis(server.uri(), TIMEOUT, "captcha:", failures::incrementAndGet)) {
            ChallengeStore store = new RedisChallengeStore(redis);
            redis.ping();
            store.put("img:1", MAC, Duration.ofMinutes(1));
            assertEquals(1, store.count());

            server.stop();

            assertThrows(StoreUnavailableException.class, redis::ping);
            assertThrows(StoreUnavailableException.class, store::count);
            assertEquals(0, failures.get());
            assertThrows(StoreUnavailableException.class, () -> store.put("img:1", MAC, Duration.ofMinutes(1)));
            assertThrows(StoreUnavailableException.class, () -> store.remove("img:1"));
            assertEquals(2, failures.get());

            server.restart();

            redis.ping();
            assertEquals(0, store.count(), "the restarted server is empty");
            assertEquals(2, failures.get());
        }
    }

    /**
     * A pooled connection that died with the server is found out (PING) before a request uses
     * it, so the first call after a restart is served, though nothing failed in between.
     */
    @Test
    void theFirstCallAfterARestartIsServed() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start();
             Redis redis = new Redis(server.uri(), TIMEOUT, "captcha:")) {
            ChallengeStore store = new RedisChallengeStore(redis);
            store.put("img:1", MAC, Duration.ofMinutes(1));

            server.restart();

            store.put("img:2", MAC, Duration.ofMinutes(1));
            assertEquals(1, store.attempt("img:2").orElseThrow().number());
        }
    }

    /** Readiness asks the producer: it answers for Redis, and fails while Redis is down. */
    @Test
    void theProducersPingFailsWhileRedisIsDown() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            StoreProducer producer = StoreProducerTest.producer(Map.of("captcha.store", "redis",
                    "captcha.redis.uri", server.uri(), "captcha.redis.timeout-millis", Long.toString(TIMEOUT.toMillis())));
            try {
                producer.ping();

                server.stop();

                assertUnavailableWithin(TIMEOUT.plus(SLACK), producer::ping);
            } finally {
                producer.disconnect();
            }
        }
    }

    /** Accepts connections (the kernel does, into the backlog) and never answers. */
    @Test
    void storeFailsWithinItsTimeoutWhenRedisDoesNotAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 100, InetAddress.getByName("127.0.0.1"));
             Redis redis = new Redis("redis://127.0.0.1:" + silent.getLocalPort(), TIMEOUT, "captcha:")) {
            assertEveryCallUnavailable(redis, new SendReservation("13800138000", Optional.empty(), Instant.now()),
                    TIMEOUT.plus(SLACK));
        }
    }

    /**
     * Many more callers than pooled connections: each waits for a connection no longer than the
     * timeout, instead of queueing behind every caller before it.
     */
    @Test
    void callersQueuedForAConnectionAlsoGiveUpInTime() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        int rounds = 8;
        try (ServerSocket silent = new ServerSocket(0, 100, InetAddress.getByName("127.0.0.1"));
             Redis redis = new Redis("redis://127.0.0.1:" + silent.getLocalPort(), timeout, "captcha:")) {
            ChallengeStore store = new RedisChallengeStore(redis);
            // One timeout waiting for a connection, one waiting for the reply, then slack for a
            // loaded machine; callers that queued until a connection is free would take eight
            // timeouts, one for each pool's worth of callers before them.
            Duration bound = timeout.multipliedBy(2).plusSeconds(3);

            List<Duration> took = Concurrently.run(Redis.MAX_CONNECTIONS * rounds, 30, () -> {
                long start = System.nanoTime();
                assertThrows(StoreUnavailableException.class, () -> store.attempt("img:1"));
                return Duration.ofNanos(System.nanoTime() - start);
            });

            Duration longest = Collections.max(took);
            assertTrue(longest.compareTo(bound) < 0, "took " + longest + ", more than " + bound);
        }
    }

    private static void assertEveryCallUnavailable(Redis redis, SendReservation reservation, Duration bound) {
        ChallengeStore store = new RedisChallengeStore(redis);
        SendCounter sends = new RedisSendCounter(redis);
        assertUnavailableWithin(bound, () -> store.put("img:1", MAC, Duration.ofMinutes(1)));
        assertUnavailableWithin(bound, () -> store.attempt("img:1"));
        assertUnavailableWithin(bound, () -> store.remove("img:1"));
        assertUnavailableWithin(bound, () -> sends.reserve("13800138000", Optional.empty(), LIMITS));
        assertUnavailableWithin(bound, () -> sends.release(reservation));
    }

    private static SendReservation counted(SendCounter sends) throws Exception {
        return SendCounterContract.counted(sends, "13800138000", LIMITS);
    }

    private static void assertUnavailableWithin(Duration bound, Executable call) {
        long start = System.nanoTime();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(5002, e.code());
        assertTrue(took.compareTo(bound) < 0, "took " + took + ", more than " + bound);
    }
}
