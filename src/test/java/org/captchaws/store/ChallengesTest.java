package org.captchaws.store;

import org.captchaws.testing.MutableClock;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChallengesTest {

    private static final byte[] SECRET = "a test secret of enough bytes".getBytes(StandardCharsets.UTF_8);
    private static final Duration TTL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock();
    private final MemoryChallengeStore store = new MemoryChallengeStore(clock, 100, Duration.ofMinutes(1));
    private final Challenges challenges = new Challenges(store, SECRET, TTL, 5);

    @Test
    void theRightAnswerPassesOnceIgnoringCaseAndSpaces() throws CaptchaException {
        challenges.issue("img:a", "N4Fsx");

        assertDoesNotThrow(() -> challenges.verify("img:a", "  n4fSX "));

        assertEquals(ErrorCode.CHALLENGE_GONE.code(), failure("img:a", "N4Fsx"), "used up");
    }

    @Test
    void aWrongAnswerFailsAndLeavesTheChallenge() throws CaptchaException {
        challenges.issue("img:a", "N4Fsx");

        assertEquals(ErrorCode.WRONG_ANSWER.code(), failure("img:a", "N4Fsy"));
        assertDoesNotThrow(() -> challenges.verify("img:a", "N4Fsx"));
    }

    @Test
    void afterMaxWrongAttemptsEvenTheRightAnswerIsRefused() throws CaptchaException {
        challenges.issue("sms:+8613711112222", "8846");
        for (int i = 0; i < 5; i++) {
            assertEquals(ErrorCode.WRONG_ANSWER.code(), failure("sms:+8613711112222", "0000"));
        }

        assertEquals(ErrorCode.TOO_MANY_ATTEMPTS.code(), failure("sms:+8613711112222", "8846"));
    }

    @Test
    void anExpiredOrUnknownChallengeIsGone() throws CaptchaException {
        challenges.issue("img:a", "N4Fsx");
        clock.advance(TTL);

        assertEquals(ErrorCode.CHALLENGE_GONE.code(), failure("img:a", "N4Fsx"));
        assertEquals(ErrorCode.CHALLENGE_GONE.code(), failure("img:never", "N4Fsx"));
    }

    @Test
    void aNewIssueReplacesTheOldAnswer() throws CaptchaException {
        challenges.issue("sms:+8613711112222", "1111");
        challenges.issue("sms:+8613711112222", "2222");

        assertEquals(ErrorCode.WRONG_ANSWER.code(), failure("sms:+8613711112222", "1111"));
        assertDoesNotThrow(() -> challenges.verify("sms:+8613711112222", "2222"));
    }

    @Test
    void answersAreBoundToTheirKey() throws CaptchaException {
        challenges.issue("img:a", "same");
        challenges.issue("img:b", "same");

        ChallengeStore.Attempt a = store.attempt("img:a").orElseThrow();
        ChallengeStore.Attempt b = store.attempt("img:b").orElseThrow();
        assertFalse(java.util.Arrays.equals(a.answerMac(), b.answerMac()), "one MAC cannot be replayed for another key");
    }

    /**
     * What a store's reader could try: copy a challenge's MAC to another key. The key and the
     * answer are kept apart in the MAC ("img:a" + "bc" is not "img:ab" + "c"), so it fails.
     */
    @Test
    void aMacCopiedToAnotherKeyDoesNotVerifyThere() throws CaptchaException {
        challenges.issue("img:a", "bc");
        store.put("img:ab", store.attempt("img:a").orElseThrow().answerMac(), TTL);

        assertEquals(ErrorCode.WRONG_ANSWER.code(), failure("img:ab", "c"));
        assertEquals(ErrorCode.WRONG_ANSWER.code(), failure("img:ab", "bc"));
    }

    @Test
    void anAnswerLivesForTheTtlItReports() throws CaptchaException {
        Challenges shortLived = new Challenges(store, SECRET, Duration.ofSeconds(90), 5);
        shortLived.issue("img:a", "N4Fsx");
        shortLived.issue("img:b", "N4Fsx");
        clock.advance(shortLived.ttl().minusMillis(1));
        assertDoesNotThrow(() -> shortLived.verify("img:a", "N4Fsx"));

        clock.advance(Duration.ofMillis(1));
        assertEquals(ErrorCode.CHALLENGE_GONE.code(),
                assertThrows(CaptchaException.class, () -> shortLived.verify("img:b", "N4Fsx")).code());
    }

    @Test
    void oneAttemptIsEnoughToAllow() throws CaptchaException {
        Challenges oneTry = new Challenges(store, SECRET, TTL, 1);
        oneTry.issue("img:a", "N4Fsx");

        assertEquals(ErrorCode.WRONG_ANSWER.code(),
                assertThrows(CaptchaException.class, () -> oneTry.verify("img:a", "wrong")).code());
        assertEquals(ErrorCode.TOO_MANY_ATTEMPTS.code(),
                assertThrows(CaptchaException.class, () -> oneTry.verify("img:a", "N4Fsx")).code());
    }

    @Test
    void aSecretOfSixteenBytesIsEnough() throws CaptchaException {
        Challenges sixteen = new Challenges(store, new byte[16], TTL, 5);
        sixteen.issue("img:a", "N4Fsx");

        assertDoesNotThrow(() -> sixteen.verify("img:a", "N4Fsx"));
        assertThrows(IllegalArgumentException.class, () -> new Challenges(store, new byte[15], TTL, 5));
    }

    @Test
    void theStoreNeverHoldsThePlainAnswer() throws CaptchaException {
        challenges.issue("img:a", "n4fsx");

        byte[] stored = store.attempt("img:a").orElseThrow().answerMac();
        assertEquals(32, stored.length, "an HMAC-SHA256");
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("n4fsx"));
    }

    @Test
    void rejectsAWeakSetup() {
        assertThrows(IllegalArgumentException.class, () -> new Challenges(store, new byte[8], TTL, 5));
        assertThrows(IllegalArgumentException.class, () -> new Challenges(store, SECRET, Duration.ZERO, 5));
        assertThrows(IllegalArgumentException.class, () -> new Challenges(store, SECRET, TTL, 0));
    }

    private int failure(String key, String answer) {
        return assertThrows(CaptchaException.class, () -> challenges.verify(key, answer)).code();
    }
}
