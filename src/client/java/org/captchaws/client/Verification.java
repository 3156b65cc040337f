package org.captchaws.client;

/**
 * What the service said of an answer (an image's text or an SMS code). Every other reply is a
 * {@link CaptchaServiceException}.
 */
public enum Verification {
    /** The answer is right; the captcha or code is used up. */
    RIGHT,
    /** The answer is wrong (status 2001); the attempt counted. */
    WRONG,
    /** No such captcha or code: never issued, expired or already used (status 2002). */
    EXPIRED_OR_USED,
    /** Too many wrong attempts (status 2003): get a new captcha or code. */
    TOO_MANY_ATTEMPTS;

    static final int WRONG_CODE = 2001;
    static final int EXPIRED_OR_USED_CODE = 2002;
    static final int TOO_MANY_ATTEMPTS_CODE = 2003;

    /** The outcome of a verify reply's status (0 for success); null for a status that is a failure of another kind. */
    static Verification of(int status) {
        return switch (status) {
            case 0 -> RIGHT;
            case WRONG_CODE -> WRONG;
            case EXPIRED_OR_USED_CODE -> EXPIRED_OR_USED;
            case TOO_MANY_ATTEMPTS_CODE -> TOO_MANY_ATTEMPTS;
            default -> null;
        };
    }
}
