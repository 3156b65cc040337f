package org.captchaws.store;

import org.captchaws.failure.CaptchaException;

import java.util.Optional;

/**
 * SMS send counts against {@link SendLimits}: per phone, per client address and in total (the
 * budget). Every method is one atomic step over all the counts it touches, also across
 * instances sharing one store, and fails with {@link StoreUnavailableException} (within a
 * timeout) when the store cannot be reached.
 */
public interface SendCounter {

    /**
     * Counts a send to {@code phone} if every limit allows it, as one atomic step. A refusal
     * counts nothing anywhere: a phone that keeps trying is not locked out for longer, and a
     * send refused by one limit spends nothing of another (no budget, no address count).
     *
     * @param clientIp the end user's address as a limit key (normalised, so that every spelling
     *                 of one address is one key), when the request names one
     * @return the {@link SendReservation} to hand to {@link #release} if the send then fails,
     *         or the {@link SendRefusal} naming the first limit the send would break
     */
    SendOutcome reserve(String phone, Optional<String> clientIp, SendLimits limits) throws CaptchaException;

    /** Takes back a reservation whose send failed, from every count: a failed send does not count. */
    void release(SendReservation reservation) throws CaptchaException;
}
