package org.captchaws.protocol;

/**
 * A request that fails in a way the client is told about: carries the integer status and
 * the {@code errmsg} of the failure reply. The dispatcher turns it into that reply.
 */
public class CaptchaException extends Exception {
    private final int code;

    public CaptchaException(ErrorCode error) {
        this(error.code(), error.message(), null);
    }

    /** The standard message with a detail the client can act on, e.g. the offending field. */
    public CaptchaException(ErrorCode error, String detail) {
        this(error.code(), error.message() + ": " + detail, null);
    }

    public CaptchaException(ErrorCode error, Throwable cause) {
        this(error.code(), error.message(), cause);
    }

    /** For codes that come from elsewhere, such as Tencent's legacy SMS codes. */
    public CaptchaException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
