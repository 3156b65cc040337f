package org.captchaws.failure;

/**
 * A request that fails in a way the client is told about: carries the {@link ErrorCode} and
 * the {@code errmsg} of the failure reply. The dispatcher turns it into that reply.
 */
public class CaptchaException extends Exception {
    private final ErrorCode error;

    public CaptchaException(ErrorCode error) {
        this(error, null, null);
    }

    /** The standard message with a detail the client can act on, e.g. the offending field. */
    public CaptchaException(ErrorCode error, String detail) {
        this(error, detail, null);
    }

    public CaptchaException(ErrorCode error, Throwable cause) {
        this(error, null, cause);
    }

    public CaptchaException(ErrorCode error, String detail, Throwable cause) {
        super(detail == null ? error.message() : error.message() + ": " + detail, cause);
        this.error = error;
    }

    public int code() {
        return error.code();
    }
}
