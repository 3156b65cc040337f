package org.captchaws.access;

/** What the handshake rules decide, with the HTTP status a refusal is answered with. */
public enum Verdict {
    ALLOWED(101, "allowed"),
    NO_VALID_KEY(401, "a valid API key is required: Authorization: Bearer <key>"),
    NETWORK_NOT_ALLOWED(403, "the client's network is not allowed"),
    ORIGIN_NOT_ALLOWED(403, "the page's origin is not allowed"),
    NOT_LOOPBACK(403, "no API keys are configured: only loopback clients may connect"),
    TOO_MANY_CONNECTIONS(503, "too many connections");

    private final int status;
    private final String reason;

    Verdict(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
