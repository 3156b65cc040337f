package org.captchaws.access;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HTTP status and the reason a refused handshake is answered with: a client's contract. */
class VerdictTest {

    @Test
    void eachVerdictsStatusAndReason() {
        assertEquals(101, Verdict.ALLOWED.status());
        assertEquals(401, Verdict.NO_VALID_KEY.status());
        assertEquals(403, Verdict.NETWORK_NOT_ALLOWED.status());
        assertEquals(403, Verdict.ORIGIN_NOT_ALLOWED.status());
        assertEquals(403, Verdict.NOT_LOOPBACK.status());
        assertEquals(503, Verdict.TOO_MANY_CONNECTIONS.status());
        assertEquals("a valid API key is required: Authorization: Bearer <key>", Verdict.NO_VALID_KEY.reason());
        assertEquals("too many connections", Verdict.TOO_MANY_CONNECTIONS.reason());
    }
}
