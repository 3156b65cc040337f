package org.captchaws.store;

import org.captchaws.testing.MutableClock;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory store: the contract, its clock, and its bound with the order in which challenges make room. */
class MemoryChallengeStoreTest extends ChallengeStoreContract {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration MIN_LIFETIME = Duration.ofMinutes(1);
    private static final byte[] MAC = {1, 2, 3};

    private final MutableClock clock = new MutableClock();
    private MemoryChallengeStore memory;

    @Override
    protected ChallengeStore newStore() {
        memory = new MemoryChallengeStore(clock, 3, MIN_LIFETIME);
        return memory;
    }

    @Override
    protected long entries() {
        return memory.size();
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
    void expiredChallengesAreNotCountedThoughNotYetForgotten() throws CaptchaException {
        store.put("a", MAC, TTL);
        clock.advance(Duration.ofSeconds(1));
        store.put("b", MAC, TTL);
        clock.advance(TTL.minusSeconds(1));

        assertEquals(1, store.count());
        assertEquals(2, memory.size());
    }

    @Test
    void onAFullStoreTheOldestMakesRoomOnceItsMinimumLifetimeIsOver() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        clock.advance(MIN_LIFETIME);

        store.put("d", MAC, TTL);

        assertEquals(List.of("b", "c", "d"), memory.keysOldestFirst());
        assertEquals(Optional.empty(), store.attempt("a"), "the oldest was dropped");
        assertTrue(store.attempt("b").isPresent());
    }

    @Test
    void aReplacedChallengeCountsAsTheYoungest() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        clock.advance(MIN_LIFETIME);
        store.put("a", MAC, TTL);

        store.put("d", MAC, TTL);

        assertEquals(List.of("c", "a", "d"), memory.keysOldestFirst());
    }

    @Test
    void aStoreFullOfChallengesWithinTheirMinimumLifetimeIsTrulyFullAndRefusesAsBusy() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        clock.advance(MIN_LIFETIME.minusMillis(1));

        CaptchaException refused = assertThrows(CaptchaException.class, () -> store.put("d", MAC, TTL));
        assertEquals(ErrorCode.BUSY.code(), refused.code());
        assertEquals(List.of("a", "b", "c"), memory.keysOldestFirst());

        store.put("c", MAC, TTL);
        assertTrue(store.attempt("c").isPresent(), "replacing an existing key needs no room");

        clock.advance(Duration.ofMillis(1));
        store.put("d", MAC, TTL);
        assertEquals(List.of("b", "c", "d"), memory.keysOldestFirst());
    }

    @Test
    void expiredChallengesMakeRoom() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        clock.advance(TTL);

        store.put("d", MAC, TTL);

        assertEquals(List.of("d"), memory.keysOldestFirst());
    }

    @Test
    void expiredChallengesGoWithoutTheBoundBeingHit() throws CaptchaException {
        MemoryChallengeStore roomy = new MemoryChallengeStore(clock, 100, MIN_LIFETIME);
        for (int i = 0; i < 10; i++) {
            roomy.put("old" + i, MAC, TTL);
        }
        clock.advance(TTL);

        for (int i = 0; i < 3; i++) {
            roomy.put("new" + i, MAC, TTL);
        }

        assertEquals(List.of("new0", "new1", "new2"), roomy.keysOldestFirst());
    }

    @Test
    void aStoreOfOneHoldsOneChallenge() throws CaptchaException {
        MemoryChallengeStore single = new MemoryChallengeStore(clock, 1, Duration.ZERO);
        single.put("a", MAC, TTL);
        single.put("b", MAC, TTL);

        assertEquals(List.of("b"), single.keysOldestFirst());
    }

    /** The cost of a put stays bounded: it forgets a few expired challenges, not all of them at once. */
    @Test
    void aPutForgetsAtMostAFewExpiredChallenges() throws CaptchaException {
        MemoryChallengeStore roomy = new MemoryChallengeStore(clock, 100, MIN_LIFETIME);
        for (int i = 0; i < 10; i++) {
            roomy.put("old" + i, MAC, TTL);
        }
        clock.advance(TTL);

        roomy.put("new", MAC, TTL);

        assertEquals(10 - MemoryChallengeStore.EXPIRED_PER_PUT + 1, roomy.size());
        assertEquals("old" + MemoryChallengeStore.EXPIRED_PER_PUT, roomy.keysOldestFirst().get(0));
        assertEquals(1, roomy.count());
    }

    /** A put that scanned the map would take hours here (200,000 scans of 200,000 entries). */
    @Test
    void putsOnAFullStoreCostNoMoreThanOnAnEmptyOne() {
        int capacity = 200_000;
        MemoryChallengeStore full = new MemoryChallengeStore(clock, capacity, Duration.ZERO);

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 2 * capacity; i++) {
                full.put("k" + i, MAC, TTL);
            }
        });

        assertEquals(capacity, full.size());
        assertTrue(full.attempt("k" + (2 * capacity - 1)).isPresent());
        assertEquals(Optional.empty(), full.attempt("k" + (capacity - 1)));
    }
}
