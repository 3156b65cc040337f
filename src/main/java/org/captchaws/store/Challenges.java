package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Issuing and verifying answers: what the image and SMS services share. The store only ever
 * sees an HMAC of the answer (keyed with a server secret and bound to the challenge's key), so
 * a leaked store reveals no answers; comparisons take constant time.
 */
public final class Challenges {

    private static final String HMAC = "HmacSHA256";

    private final ChallengeStore store;
    private final SecretKeySpec secret;
    private final Duration ttl;
    private final int maxAttempts;

    public Challenges(ChallengeStore store, byte[] secret, Duration ttl, int maxAttempts) {
        if (secret.length < 16 || ttl.isNegative() || ttl.isZero() || maxAttempts < 1) {
            throw new IllegalArgumentException("verification needs a secret of 16+ bytes, a positive TTL and"
                    + " at least one attempt; got " + secret.length + " bytes, " + ttl + ", " + maxAttempts);
        }
        this.store = store;
        this.secret = new SecretKeySpec(secret, HMAC);
        this.ttl = ttl;
        this.maxAttempts = maxAttempts;
    }

    /** Remembers the answer to the challenge under {@code key}, replacing an earlier one. */
    public void issue(String key, String answer) throws CaptchaException {
        store.put(key, mac(key, answer), ttl);
    }

    /**
     * Checks an answer. A right answer consumes the challenge; every attempt counts, and after
     * {@code maxAttempts} wrong ones the challenge is dead until it expires.
     *
     * @throws CaptchaException 2001 wrong answer, 2002 expired, unknown or used, 2003 too many attempts
     */
    public void verify(String key, String answer) throws CaptchaException {
        Optional<ChallengeStore.Attempt> attempt = store.attempt(key);
        if (attempt.isEmpty()) {
            throw new CaptchaException(ErrorCode.CHALLENGE_GONE);
        }
        if (attempt.get().number() > maxAttempts) {
            throw new CaptchaException(ErrorCode.TOO_MANY_ATTEMPTS);
        }
        if (!MessageDigest.isEqual(attempt.get().answerMac(), mac(key, answer))) {
            throw new CaptchaException(ErrorCode.WRONG_ANSWER);
        }
        if (!store.remove(key)) {
            // Another request answered it first.
            throw new CaptchaException(ErrorCode.CHALLENGE_GONE);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** Answers are compared as people type them: surrounding spaces and letter case do not matter. */
    private byte[] mac(String key, String answer) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            mac.update(key.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(answer.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
