package org.captchaws.store;

import org.captchaws.testing.MutableClock;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

        assertHeld(memory, "b", "c", "d");
        assertFalse(memory.holds("a"), "the oldest was dropped");
        assertEquals(Optional.empty(), store.attempt("a"));
        store.put("e", MAC, TTL);
        assertHeld(memory, "c", "d", "e");
    }

    @Test
    void aReplacedChallengeCountsAsTheYoungest() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        clock.advance(MIN_LIFETIME);
        store.put("a", MAC, TTL);

        store.put("d", MAC, TTL);

        assertHeld(memory, "c", "a", "d");
        assertFalse(memory.holds("b"));
        store.put("e", MAC, TTL);
        assertFalse(memory.holds("c"), "c was older than the replaced a");
        assertHeld(memory, "a", "d", "e");
    }

    @Test
    void aStoreFullOfChallengesWithinTheirMinimumLifetimeIsTrulyFullAndRefusesAsBusy() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        clock.advance(MIN_LIFETIME.minusMillis(1));

        CaptchaException refused = assertThrows(CaptchaException.class, () -> store.put("d", MAC, TTL));
        assertEquals(ErrorCode.BUSY.code(), refused.code());
        assertHeld(memory, "a", "b", "c");

        clock.advance(Duration.ofMillis(1));
        store.put("d", MAC, TTL);
        assertHeld(memory, "b", "c", "d");
        assertFalse(memory.holds("a"));
    }

    /** A replacement moves the challenge to the young end, so it needs room there like any put. */
    @Test
    void aRefusedReplacementKeepsTheChallengeItWouldHaveReplaced() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", mac("old"), TTL);

        CaptchaException refused = assertThrows(CaptchaException.class, () -> store.put("c", mac("new"), TTL));

        assertEquals(ErrorCode.BUSY.code(), refused.code());
        assertArrayEquals(mac("old"), store.attempt("c").orElseThrow().answerMac());
        assertEquals(3, memory.size());
    }

    @Test
    void replacingTheOldestOfAFullStoreTakesItsRoom() throws CaptchaException {
        store.put("a", mac("old"), TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);

        store.put("a", mac("new"), TTL);

        assertArrayEquals(mac("new"), store.attempt("a").orElseThrow().answerMac());
        assertHeld(memory, "b", "c", "a");
        assertEquals(3, memory.size());
        clock.advance(MIN_LIFETIME);
        store.put("d", MAC, TTL);
        assertFalse(memory.holds("b"), "b is the oldest now");
        assertHeld(memory, "c", "a", "d");
        assertEquals(3, memory.size());
    }

    @Test
    void aChallengeCannotBeConsumedAtTheMomentItExpires() throws CaptchaException {
        store.put("a", MAC, TTL);
        clock.advance(TTL);

        assertFalse(store.remove("a"));
        assertFalse(memory.holds("a"));
    }

    /**
     * Keys whose index positions are the last two and the first: their probe chain runs over the
     * end of the index, and taking one out moves the others back across it. And a chain in the
     * middle, followed by a key at its own position, which must not move.
     */
    @Test
    void aProbeChainThatWrapsAroundTheIndexSurvivesRemovals() throws CaptchaException {
        int indexLength = 4096; // of a store of 1,024 slots
        List<String> atLast = keysAt(indexLength - 1, 2, indexLength);
        List<String> atFirst = keysAt(0, 2, indexLength);
        List<String> atMiddle = keysAt(2000, 2, indexLength);
        List<String> twoOn = keysAt(2002, 1, indexLength);
        // In the second and the third, the key after the chain sits at its own position and must stay there.
        for (List<String> chain : List.of(List.of(atLast.get(0), atLast.get(1), atFirst.get(0), atFirst.get(1)),
                List.of(atLast.get(0), atFirst.get(0), atFirst.get(1)),
                List.of(atMiddle.get(0), atMiddle.get(1), twoOn.get(0)))) {
            assertChainSurvivesRemovals(chain);
        }
    }

    private void assertChainSurvivesRemovals(List<String> chain) throws CaptchaException {
        MemoryChallengeStore roomy = new MemoryChallengeStore(clock, 1024, MIN_LIFETIME);
        for (String key : chain) {
            roomy.put(key, mac(key), TTL);
        }
        for (String removed : chain) {
            assertTrue(roomy.remove(removed), removed);
            for (String key : chain.subList(chain.indexOf(removed) + 1, chain.size())) {
                assertArrayEquals(mac(key), roomy.attempt(key).orElseThrow(() -> new AssertionError(key + " lost")).answerMac());
            }
            for (String key : chain.subList(chain.indexOf(removed) + 1, chain.size())) {
                roomy.put(key, mac(key), TTL);
            }
            roomy.put(removed, mac(removed), TTL);
            for (String key : chain) {
                assertTrue(roomy.holds(key), key + " after " + removed);
            }
        }
    }

    private static List<String> keysAt(int position, int count, int indexLength) {
        List<String> keys = new ArrayList<>();
        for (int n = 0; keys.size() < count; n++) {
            String key = "w" + n;
            if (((int) MemoryChallengeStore.digest(key)[1] & (indexLength - 1)) == position) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Test
    void aCapacityThatTakesMoreThanHalfTheHeapIsRefusedAtStartNamingTheSetting() throws CaptchaException {
        long half = MemoryChallengeStore.bytesFor(1000);
        new MemoryChallengeStore(clock, 1000, MIN_LIFETIME, 2 * half).put("a", MAC, TTL);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new MemoryChallengeStore(clock, 1000, MIN_LIFETIME, 2 * half - 100));
        assertTrue(refused.getMessage().contains("captcha.store.memory.capacity"), refused.getMessage());

        IllegalArgumentException inMegabytes = assertThrows(IllegalArgumentException.class,
                () -> new MemoryChallengeStore(clock, 1_000_000, MIN_LIFETIME, 128L << 20));
        assertTrue(inMegabytes.getMessage().contains("capacity 1000000 takes 74 MB of heap, more than half the 128 MB"),
                inMegabytes.getMessage());
        // 85 MB exactly: rounded up, not past.
        assertEquals(85L << 20, MemoryChallengeStore.bytesFor(1 << 20));
        IllegalArgumentException exactly = assertThrows(IllegalArgumentException.class,
                () -> new MemoryChallengeStore(clock, 1 << 20, MIN_LIFETIME, 100L << 20));
        assertTrue(exactly.getMessage().contains("takes 85 MB"), exactly.getMessage());
    }

    @Test
    void aSlotTakesItsArraysBytesAndTheIndexFourIntsPerPowerOfTwo() {
        assertEquals(69, MemoryChallengeStore.BYTES_PER_SLOT);
        assertEquals(69L * 1000 + 4 * 2048, MemoryChallengeStore.bytesFor(1000));
        assertEquals(69L * 1024 + 4 * 4096, MemoryChallengeStore.bytesFor(1024));
    }

    @Test
    void theLargestCapacityIsTheLargestWhoseMacsFitOneArray() {
        assertTrue((long) MemoryChallengeStore.MAX_CAPACITY * MemoryChallengeStore.MAX_MAC_BYTES <= Integer.MAX_VALUE - 8);
        IllegalArgumentException largest = assertThrows(IllegalArgumentException.class, () -> new MemoryChallengeStore(clock,
                MemoryChallengeStore.MAX_CAPACITY, MIN_LIFETIME, 0));
        assertTrue(largest.getMessage().contains("more than half"), "allowed, but not in no heap: " + largest.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MemoryChallengeStore(clock,
                MemoryChallengeStore.MAX_CAPACITY + 1, MIN_LIFETIME, Long.MAX_VALUE));
    }

    /** An answered challenge's room comes back when it reaches the old end, not before. */
    @Test
    void anAnsweredChallengesRoomIsFreedAtTheOldEnd() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        assertTrue(store.remove("b"));
        assertEquals(2, memory.size());

        assertThrows(CaptchaException.class, () -> store.put("d", MAC, TTL), "b's slot is behind a");
        assertTrue(store.remove("a"));
        store.put("d", MAC, TTL);
        store.put("e", MAC, TTL);

        assertHeld(memory, "c", "d", "e");
        assertEquals(3, memory.size());
        assertEquals(3, store.count());
    }

    @Test
    void expiredChallengesMakeRoom() throws CaptchaException {
        store.put("a", MAC, TTL);
        store.put("b", MAC, TTL);
        store.put("c", MAC, TTL);
        clock.advance(TTL);

        store.put("d", MAC, TTL);

        assertHeld(memory, "d");
        assertEquals(1, memory.size());
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

        assertHeld(roomy, "new0", "new1", "new2");
        assertEquals(3, roomy.size());
    }

    @Test
    void anExpiredChallengeCannotBeAttemptedAndIsForgotten() throws CaptchaException {
        store.put("a", MAC, TTL);
        clock.advance(TTL);

        assertEquals(Optional.empty(), store.attempt("a"));
        assertFalse(memory.holds("a"));
        assertEquals(0, store.count());
    }

    @Test
    void aStoreOfOneHoldsOneChallenge() throws CaptchaException {
        MemoryChallengeStore single = new MemoryChallengeStore(clock, 1, Duration.ZERO);
        single.put("a", MAC, TTL);
        single.put("b", MAC, TTL);

        assertHeld(single, "b");
        assertFalse(single.holds("a"));
        assertEquals(1, single.size());
    }

    @Test
    void aFullStoreDropsTheOldestInOrderAndKeepsEveryOtherLiveChallenge() throws CaptchaException {
        int capacity = 5000;
        MemoryChallengeStore full = new MemoryChallengeStore(clock, capacity, Duration.ZERO);
        for (int i = 0; i < 1024; i++) {
            full.put("k" + i, mac("v" + i), TTL);
        }
        for (int i = 2; i < 1024; i += 2) {
            assertTrue(full.remove("k" + i));
        }
        assertEquals(513, full.size(), "the answered ones are gone");
        for (int i = -1; i < 1024; i += 2) {
            int live = Math.max(i, 0);
            assertArrayEquals(mac("v" + live), full.attempt("k" + live).orElseThrow().answerMac(), "k" + live);
        }
        assertEquals(Optional.empty(), full.attempt("k2"));
        for (int i = 1024; i < 2 * capacity; i++) {
            full.put("k" + i, MAC, TTL);
        }
        assertEquals(capacity, full.size(), "at most the capacity");
        assertFalse(full.holds("k" + (2 * capacity - capacity - 1)), "the oldest made room in order");
        assertTrue(full.holds("k" + (2 * capacity - capacity)));
    }

    /**
     * Random puts, attempts and removes over a few thousand keys, against a map: the index stays
     * right through collisions, removals from the middle of a probe chain, a full ring and expiry.
     */
    @Test
    void behavesAsAMapThroughCollisionsRemovalsAndExpiry() throws CaptchaException {
        MemoryChallengeStore roomy = new MemoryChallengeStore(clock, 1 << 16, Duration.ZERO);
        Map<String, byte[]> model = new HashMap<>();
        Map<String, Long> expiry = new HashMap<>();
        Random random = new Random(12);
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            String key = "k" + random.nextInt(4000);
            int what = random.nextInt(10);
            if (what < 5) {
                byte[] mac = mac("v" + step);
                roomy.put(key, mac, TTL);
                model.put(key, mac);
                expiry.put(key, now + TTL.toMillis());
            } else if (what < 8) {
                Optional<ChallengeStore.Attempt> attempt = roomy.attempt(key);
                boolean live = model.containsKey(key) && expiry.get(key) > now;
                assertEquals(live, attempt.isPresent(), key + " at step " + step);
                if (live) {
                    assertArrayEquals(model.get(key), attempt.get().answerMac(), key);
                } else {
                    model.remove(key);
                }
            } else if (what < 9) {
                boolean live = model.containsKey(key) && expiry.get(key) > now;
                assertEquals(live, roomy.remove(key), key + " at step " + step);
                model.remove(key);
            } else {
                clock.advance(Duration.ofMillis(10));
                now += 10;
            }
        }
        long end = now;
        assertEquals(model.keySet().stream().filter(key -> expiry.get(key) > end).count(), roomy.count());
    }

    @Test
    void aMacLongerThanAnHmacSha256IsAnError() {
        assertThrows(IllegalArgumentException.class, () -> store.put("a", new byte[33], TTL));
        assertEquals(0, memory.size());
    }

    @Test
    void aCapacityOutsideTheRangeIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryChallengeStore(clock, 0, MIN_LIFETIME));
        assertThrows(IllegalArgumentException.class, () -> new MemoryChallengeStore(clock, MemoryChallengeStore.MAX_CAPACITY + 1, MIN_LIFETIME));
        assertThrows(IllegalArgumentException.class,
                () -> new MemoryChallengeStore(clock, 1, Duration.ofSeconds(-1)));
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
        assertFalse(roomy.holds("old" + (MemoryChallengeStore.EXPIRED_PER_PUT - 1)));
        assertTrue(roomy.holds("old" + MemoryChallengeStore.EXPIRED_PER_PUT), "forgotten oldest first");
        assertEquals(1, roomy.count());
    }

    private static void assertHeld(MemoryChallengeStore memory, String... keys) {
        for (String key : keys) {
            assertTrue(memory.holds(key), key);
        }
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
