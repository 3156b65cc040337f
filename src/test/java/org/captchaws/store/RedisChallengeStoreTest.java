package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RedisChallengeStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LONG_TTL = Duration.ofMinutes(5);
    private static final SendLimits NO_INTERVAL = new SendLimits(Duration.ZERO, 100, 100);
    private static final SendLimits ONE_A_MINUTE = new SendLimits(Duration.ofMinutes(1), 100, 100);

    private static RedisServerProcess server;
    /** Looks at Redis behind the store's back. */
    private static RedisClient raw;

    private final List<RedisChallengeStore> stores = new ArrayList<>();
    private RedisChallengeStore store;

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
        store = newStore("captcha:");
    }

    @AfterEach
    void closeStores() {
        stores.forEach(RedisChallengeStore::close);
    }

    @Test
    void attemptsCountUpAndReturnTheMacBytesUnchanged() throws Exception {
        byte[] mac = new byte[256];
        for (int i = 0; i < mac.length; i++) {
            mac[i] = (byte) i;
        }
        store.put("img:1", mac, LONG_TTL);

        for (int number = 1; number <= 3; number++) {
            ChallengeStore.Attempt attempt = store.attempt("img:1").orElseThrow();
            assertEquals(number, attempt.number());
            assertArrayEquals(mac, attempt.answerMac());
        }
    }

    @Test
    void attemptOnAMissingChallengeIsEmptyAndCreatesNothing() throws Exception {
        assertEquals(Optional.empty(), store.attempt("img:unknown"));
        assertEquals(0, raw.dbSize());
    }

    @Test
    void challengeExpiresAfterItsTtlEvenWhileAttempted() throws Exception {
        store.put("img:1", mac("a"), Duration.ofMillis(300));
        assertEquals(1, store.attempt("img:1").orElseThrow().number());

        awaitTrue(() -> store.attempt("img:1").isEmpty(), Duration.ofSeconds(5));
        assertEquals(0, raw.dbSize());
    }

    @Test
    void putReplacesTheChallengeAndResetsItsAttempts() throws Exception {
        store.put("sms:13800138000", mac("old"), LONG_TTL);
        store.attempt("sms:13800138000");
        store.attempt("sms:13800138000");

        store.put("sms:13800138000", mac("new"), LONG_TTL);

        ChallengeStore.Attempt attempt = store.attempt("sms:13800138000").orElseThrow();
        assertEquals(1, attempt.number());
        assertArrayEquals(mac("new"), attempt.answerMac());
    }

    @Test
    void removeSucceedsOnceAndEndsTheChallenge() throws Exception {
        store.put("img:1", mac("a"), LONG_TTL);

        assertTrue(store.remove("img:1"));
        assertFalse(store.remove("img:1"));
        assertEquals(Optional.empty(), store.attempt("img:1"));
    }

    @Test
    void concurrentAttemptsGetDistinctNumbers() throws Exception {
        store.put("img:1", mac("a"), LONG_TTL);

        List<Integer> numbers =
                Concurrently.run(50, 10, () -> store.attempt("img:1").orElseThrow().number());

        assertEquals(IntStream.rangeClosed(1, 50).boxed().collect(Collectors.toSet()),
                new TreeSet<>(numbers));
    }

    @Test
    void ofConcurrentRemovesExactlyOneWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            store.put("img:1", mac("a"), LONG_TTL);

            List<Boolean> removed = Concurrently.run(20, 10, () -> store.remove("img:1"));

            long winners = removed.stream().filter(Boolean::booleanValue).count();
            assertEquals(1, winners, "round " + round);
        }
    }

    @Test
    void sendWithinTheIntervalIsTooFrequent() throws Exception {
        store.reserveSend("13800138000", ONE_A_MINUTE);

        assertEquals(1023, refusal("13800138000", ONE_A_MINUTE));
        store.reserveSend("13900139000", ONE_A_MINUTE);
    }

    @Test
    void hourlyLimitRefusesAndARefusalDoesNotCount() throws Exception {
        SendLimits twoAnHour = new SendLimits(Duration.ZERO, 2, 3);
        store.reserveSend("13800138000", twoAnHour);
        store.reserveSend("13800138000", twoAnHour);

        assertEquals(1024, refusal("13800138000", twoAnHour));
        assertEquals(1024, refusal("13800138000", twoAnHour));
        // Two counted today, so a third fits the day: the refusals above were not counted.
        store.reserveSend("13800138000", new SendLimits(Duration.ZERO, 3, 3));
    }

    @Test
    void dailyLimitRefuses() throws Exception {
        SendLimits twoADay = new SendLimits(Duration.ZERO, 10, 2);
        store.reserveSend("13800138000", twoADay);
        store.reserveSend("13800138000", twoADay);

        assertEquals(1025, refusal("13800138000", twoADay));
    }

    @Test
    void theFirstBrokenLimitIsReported() throws Exception {
        SendLimits oneOfEach = new SendLimits(Duration.ofMinutes(1), 1, 1);
        store.reserveSend("13800138000", oneOfEach);

        assertEquals(1023, refusal("13800138000", oneOfEach));
        assertEquals(1024, refusal("13800138000", new SendLimits(Duration.ZERO, 1, 1)));
    }

    @Test
    void ofConcurrentSendsWithinTheIntervalExactlyOneIsCounted() throws Exception {
        List<Integer> outcomes =
                Concurrently.run(20, 10, () -> refusalOrZero("13800138000", ONE_A_MINUTE));

        assertEquals(1, outcomes.stream().filter(code -> code == 0).count());
        assertEquals(19, outcomes.stream().filter(code -> code == 1023).count());
    }

    @Test
    void releasedSendDoesNotCount() throws Exception {
        SendLimits oneOfEach = new SendLimits(Duration.ofMinutes(1), 1, 1);
        SendReservation failed = store.reserveSend("13800138000", oneOfEach);

        store.releaseSend(failed);

        store.reserveSend("13800138000", oneOfEach);
        assertEquals(1023, refusal("13800138000", oneOfEach));
    }

    @Test
    void releaseNeverDrivesCountersBelowZero() throws Exception {
        SendLimits oneAnHour = new SendLimits(Duration.ZERO, 1, 10);
        SendReservation reservation = store.reserveSend("13800138000", oneAnHour);
        store.releaseSend(reservation);
        store.releaseSend(reservation);

        store.reserveSend("13800138000", oneAnHour);
        assertEquals(1024, refusal("13800138000", oneAnHour));
    }

    @Test
    void releaseForAPhoneWithoutCountersCreatesNothing() throws Exception {
        store.releaseSend(new SendReservation("13800138000", Instant.now()));

        assertEquals(0, raw.dbSize());
    }

    @Test
    void twoInstancesShareChallengesAndLimits() throws Exception {
        RedisChallengeStore other = newStore("captcha:");
        store.put("img:1", mac("a"), LONG_TTL);

        assertEquals(1, other.attempt("img:1").orElseThrow().number());
        assertEquals(2, store.attempt("img:1").orElseThrow().number());
        assertTrue(other.remove("img:1"));
        assertFalse(store.remove("img:1"));

        store.reserveSend("13800138000", ONE_A_MINUTE);
        assertEquals(1023, refusalOrZero(other, "13800138000", ONE_A_MINUTE));
    }

    @Test
    void storesWithDifferentPrefixesDoNotSeeEachOther() throws Exception {
        RedisChallengeStore otherApp = newStore("other-app:");
        store.put("img:1", mac("a"), LONG_TTL);
        store.reserveSend("13800138000", ONE_A_MINUTE);

        assertEquals(Optional.empty(), otherApp.attempt("img:1"));
        assertFalse(otherApp.remove("img:1"));
        otherApp.reserveSend("13800138000", ONE_A_MINUTE);
        assertEquals(1, store.attempt("img:1").orElseThrow().number());
    }

    @Test
    void aPhonesKeysShareItsHashTagSoTheyLiveOnOneClusterSlot() throws Exception {
        store.reserveSend("13800138000", ONE_A_MINUTE);

        assertEquals(Set.of("captcha:send:{13800138000}:interval",
                "captcha:send:{13800138000}:hour", "captcha:send:{13800138000}:day"), raw.keys("*"));
    }

    @Test
    void zeroIntervalSetsNoIntervalKey() throws Exception {
        store.reserveSend("13800138000", NO_INTERVAL);

        assertEquals(Set.of("captcha:send:{13800138000}:hour", "captcha:send:{13800138000}:day"),
                raw.keys("*"));
    }

    private RedisChallengeStore newStore(String prefix) {
        RedisChallengeStore created = new RedisChallengeStore(server.uri(), TIMEOUT, prefix);
        stores.add(created);
        return created;
    }

    private int refusal(String phone, SendLimits limits) {
        return assertThrows(CaptchaException.class, () -> store.reserveSend(phone, limits)).code();
    }

    private int refusalOrZero(String phone, SendLimits limits) {
        return refusalOrZero(store, phone, limits);
    }

    private static int refusalOrZero(ChallengeStore on, String phone, SendLimits limits) {
        try {
            on.reserveSend(phone, limits);
            return 0;
        } catch (CaptchaException e) {
            return e.code();
        }
    }

    /** Polls until Redis's own expiry has happened; its timing is Redis's, not ours. */
    private static void awaitTrue(Callable<Boolean> condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("not true within " + limit);
            }
        }
    }

    private static byte[] mac(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
