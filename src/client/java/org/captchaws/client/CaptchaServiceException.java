package org.captchaws.client;

/**
 * Every failure of the client, as one unchecked exception: a failure reply of the service (its
 * integer {@code status} as {@link #code()}, with its {@code errmsg}), or one the client decided
 * itself (the negative codes below: timeouts, lost connections, refused handshakes).
 *
 * <p>{@link #isRetryable()} says whether the same request may succeed later: true for the
 * service's 5002 (store unavailable) and 5003 (busy), for timeouts and for connection trouble;
 * false for everything the request itself is to blame for (4xxx, an invalid phone number 1016,
 * the per-phone SMS limits 1023 to 1025) and for a refused key. Retrying an SMS send after a
 * timeout or a lost connection may send a second SMS: the first may have gone out.
 */
public final class CaptchaServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** No reply within the request timeout. Retryable. */
    public static final int TIMEOUT = -1;
    /** The connection dropped while the request was on it: it may or may not have been served. Retryable. */
    public static final int CONNECTION_LOST = -2;
    /** No connection to the service could be had within the request timeout. Retryable. */
    public static final int UNAVAILABLE = -3;
    /** The service refused the API key, or wanted one (HTTP 401 from the handshake). Not retryable. */
    public static final int KEY_REFUSED = -4;
    /** The service does not allow connections from this network or origin (HTTP 403). Not retryable. */
    public static final int NOT_ALLOWED = -5;
    /** The client was closed. Not retryable. */
    public static final int CLOSED = -6;
    /** A reply the client cannot read as the protocol's. Not retryable. */
    public static final int BAD_REPLY = -7;

    /** The service's store (Redis) did not answer in time. */
    public static final int STORE_UNAVAILABLE = 5002;
    /** The service is busy. */
    public static final int BUSY = 5003;

    private final int code;
    private final String errmsg;
    private final String requestId;

    CaptchaServiceException(int code, String errmsg, String requestId) {
        this(code, errmsg, requestId, null);
    }

    CaptchaServiceException(int code, String errmsg, String requestId, Throwable cause) {
        super(errmsg + " (code " + code + (requestId == null ? "" : ", request " + requestId) + ")", cause);
        this.code = code;
        this.errmsg = errmsg;
        this.requestId = requestId;
    }

    /** The service's integer {@code status}, or one of this class's negative codes. */
    public int code() {
        return code;
    }

    /** The service's {@code errmsg} (Chinese, as the protocol has it), or the client's own text. */
    public String errmsg() {
        return errmsg;
    }

    /** The id the request was sent with (to find it in the service's log); null for a failure at connect. */
    public String requestId() {
        return requestId;
    }

    /** Whether sending the same request again can help. */
    public boolean isRetryable() {
        return isRetryable(code);
    }

    static boolean isRetryable(int code) {
        return switch (code) {
            case STORE_UNAVAILABLE, BUSY, TIMEOUT, CONNECTION_LOST, UNAVAILABLE -> true;
            default -> false;
        };
    }

    /** The same failure for another request: connection trouble is shared by every request that meets it. */
    CaptchaServiceException forRequest(String id) {
        return new CaptchaServiceException(code, errmsg, id, getCause());
    }
}
