package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryChallengeStoreTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final byte[] MAC = {1, 2, 3};

    private final MutableClock clock = new MutableClock();
    private final MemoryChallengeStore store = new MemoryChallengeStore(clock, 3);

    @Test
    void attemptsAreNumberedAndCarryTheMac() throws CaptchaException {
        store.put("k", MAC, TTL);

        assertEquals(1, store.attempt("k").orElseThrow().number());
        ChallengeStore.Attempt second = store.attempt("k").orElseThrow();
        assertEquals(2, second.number());
        assertArrayEquals(MAC, second.answerMac());
    }

    @Test
    void anUnknownKeyHasNoAttemptAndIsNotCreated() throws CaptchaException {
        assertEquals(Optional.empty(), store.attempt("nothing"));
        assertEquals(0, store.size());
    }

    @Test
    void aChallengeExpiresAfterItsTtl() throws CaptchaException {
        store.put("k", MAC, TTL);
        clock.advance(TTL.minusSeconds(1));
        assertTrue(store.attempt("k").isPresent());

        clock.advance(Duration.ofSeconds(1));

        assertEquals(Optional.empty(), store.attempt("k"));
        assertFalse(store.remove("k"), "an expired challenge cannot be consumed");
    }

    @Test
    void putReplacesAndResetsTheAttempts() throws CaptchaException {
        store.put("k", MAC, TTL);
        store.attempt("k");

        store.put("k", new byte[]{9}, TTL);

        ChallengeStore.Attempt attempt = store.attempt("k").orElseThrow();
        assertEquals(1, attempt.number());
        assertArrayEquals(new byte[]{9}, attempt.answerMac());
    }

    @Test
    void removeIsTrueOnlyOnce() throws CaptchaException {
        store.put("k", MAC, TTL);

        assertTrue(store.remove("k"));
        assertFalse(store.remove("k"));
        assertEquals(Optional.empty(), store.attempt("k"));
    }

    @Test
    void whenFullOfLiveChallengesNewOnesAreRefusedAsBusy() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);

        CaptchaException refused = assertThrows(CaptchaException.class, () -> store.put("d", MAC, TTL));
        assertEquals(ErrorCode.BUSY.code(), refused.code());

        store.put("c", MAC, TTL);
        assertTrue(store.attempt("c").isPresent(), "replacing an existing key needs no room");
    }

    @Test
    void expiredChallengesMakeRoom() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        clock.advance(TTL);

        store.put("d", MAC, TTL);

        assertEquals(1, store.size());
    }

    @Test
    void concurrentAttemptsGetDistinctNumbersAndOneRemoveWins() throws Exception {
        MemoryChallengeStore big = new MemoryChallengeStore(clock, 10);
        big.put("k", MAC, TTL);

        List<Integer> numbers = Concurrently.run(16, 10, () -> big.attempt("k").orElseThrow().number());
        assertEquals(16, numbers.stream().distinct().count());

        List<Boolean> removals = Concurrently.run(16, 10, () -> big.remove("k"));
        assertEquals(1, removals.stream().filter(removed -> removed).count());
    }

    @Test
    void sendLimitsAreKeptHereToo() throws CaptchaException {
        SendLimits limits = new SendLimits(Duration.ofSeconds(60), 5, 10);
        SendReservation first = store.reserveSend("+8613711112222", limits);

        assertEquals(1023, assertThrows(CaptchaException.class,
                () -> store.reserveSend("+8613711112222", limits)).code());

        store.releaseSend(first);
        store.reserveSend("+8613711112222", limits);
    }
}
