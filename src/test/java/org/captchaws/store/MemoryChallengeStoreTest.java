package org.captchaws.store;

import org.captchaws.testing.MutableClock;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory store: the contract, and its clock and its bound. */
class MemoryChallengeStoreTest extends ChallengeStoreContract {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final byte[] MAC = {1, 2, 3};

    private final MutableClock clock = new MutableClock();
    private MemoryChallengeStore memory;

    @Override
    protected ChallengeStore newStore() {
        memory = new MemoryChallengeStore(clock, 3);
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

        assertEquals(1, memory.size());
    }
}
