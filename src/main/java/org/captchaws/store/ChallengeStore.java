package org.captchaws.store;

import org.captchaws.failure.CaptchaException;

import java.time.Duration;
import java.util.Optional;

/**
 * The service's shared state. Every method is atomic for its key, also across instances
 * sharing one store, and fails with {@link StoreUnavailableException} (within a timeout) when
 * the store cannot be reached.
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

    /**
     * Counts a send to {@code phone} if the limits allow it, as one atomic step.
     *
     * @return what to hand to {@link #releaseSend} if the send then fails
     * @throws CaptchaException 1023, 1024 or 1025 for the first limit the send would break
     */
    SendReservation reserveSend(String phone, SendLimits limits) throws CaptchaException;

    /** Takes back a reservation whose send failed: a refused send does not count. */
    void releaseSend(SendReservation reservation) throws CaptchaException;

    /**
     * @param answerMac the stored MAC of the right answer
     * @param number    this attempt's number, counting every attempt including this one
     */
    record Attempt(byte[] answerMac, int number) {
    }
}
