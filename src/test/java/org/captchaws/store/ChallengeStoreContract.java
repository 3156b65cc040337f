package org.captchaws.store;

import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link ChallengeStore} does, in memory and on Redis alike. */
abstract class ChallengeStoreContract {

    static final Duration LONG_TTL = Duration.ofMinutes(5);

    protected ChallengeStore store;

    /** A new, empty store. */
    protected abstract ChallengeStore newStore();

    /** How many entries the store holds, seen behind its back. */
    protected abstract long entries();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void attemptsCountUpAndReturnTheMacBytesUnchanged() throws Exception {
        // As long as the HMAC-SHA256 that Challenges stores, with bytes of every sign.
        byte[] mac = new byte[32];
        for (int i = 0; i < mac.length; i++) {
            mac[i] = (byte) (i * 8 + 1);
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
        assertEquals(0, entries());
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
    void countsTheLiveChallenges() throws Exception {
        assertEquals(0, store.count());
        store.put("img:1", mac("a"), LONG_TTL);
        store.put("sms:+8613711112222", mac("1234"), LONG_TTL);
        store.put("img:1", mac("b"), LONG_TTL);
        store.attempt("img:1");

        assertEquals(2, store.count(), "a replaced challenge is one, an attempt changes nothing");

        store.remove("img:1");
        assertEquals(1, store.count());
    }

    static byte[] mac(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
