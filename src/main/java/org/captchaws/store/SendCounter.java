package org.captchaws.store;

import org.captchaws.failure.CaptchaException;

/**
 * Per-phone SMS send counts against {@link SendLimits}. Every method is atomic per phone, also
 * across instances sharing one store, and fails with {@link StoreUnavailableException} (within
 * a timeout) when the store cannot be reached.
 */
public interface SendCounter {

    /**
     * Counts a send to {@code phone} if the limits allow it, as one atomic step. A refusal
     * counts nothing, so a phone that keeps trying is not locked out for longer.
     *
     * @return the {@link SendReservation} to hand to {@link #release} if the send then fails,
     *         or the {@link SendRefusal} naming the first limit the send would break
     */
    SendOutcome reserve(String phone, SendLimits limits) throws CaptchaException;

    /** Takes back a reservation whose send failed: a refused send does not count. */
    void release(SendReservation reservation) throws CaptchaException;
}
