package org.captchaws.store;

import org.captchaws.protocol.CaptchaException;
import org.captchaws.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                attempts.add(() -> {
                    go.await();
                    return big.attempt("k").orElseThrow().number();
                });
            }
            List<Future<Integer>> numbers = new ArrayList<>();
            for (Callable<Integer> attempt : attempts) {
                numbers.add(pool.submit(attempt));
            }
            go.countDown();
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> number : numbers) {
                seen.add(number.get(10, TimeUnit.SECONDS));
            }
            assertEquals(threads, seen.stream().distinct().count());

            List<Future<Boolean>> removals = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                removals.add(pool.submit(() -> big.remove("k")));
            }
            int removed = 0;
            for (Future<Boolean> removal : removals) {
                removed += removal.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, removed);
        } finally {
            pool.shutdownNow();
        }
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
