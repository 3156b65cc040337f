package org.captchaws.store;

import org.captchaws.failure.CaptchaException;

import java.time.Duration;
import java.util.Optional;

/**
 * The challenges awaiting an answer, each under its key; the send counts live beside it in a
 * {@link SendCounter}. Every method is atomic for its key, also across instances sharing one
 * store, and fails with {@link StoreUnavailableException} (within a timeout) when the store
 * cannot be reached.
 */
public interface ChallengeStore {

    /** Stores a challenge, replacing any under the same key, for {@code ttl}. */
    void put(String key, byte[] answerMac, Duration ttl) throws CaptchaException;

    /**
     * Counts one verification attempt on a live challenge and returns its answer MAC with the
     * attempt's number (1 for the first). Empty when there is none: unknown, expired or used.
     */
    Optional<Attempt> attempt(String key) throws CaptchaException;

    /** Removes a challenge; true only for the one call that removed it. */
    boolean remove(String key) throws CaptchaException;

    /** How many challenges are live now (for the metrics: it may cost a walk over the store). */
    long count() throws CaptchaException;

    /**
     * @param answerMac the stored MAC of the right answer
     * @param number    this attempt's number, counting every attempt including this one
     */
    record Attempt(byte[] answerMac, int number) {
    }
}
