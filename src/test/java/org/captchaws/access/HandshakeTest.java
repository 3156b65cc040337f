package org.captchaws.access;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The key a handshake presents: from Authorization first, else from a bearer subprotocol. */
class HandshakeTest {

    @Test
    void theBearerKeyOfTheAuthorizationHeader() {
        assertEquals("k", handshake(" Bearer  k ", List.of()).presentedKey());
        assertEquals("k", handshake("BEARER k", List.of()).presentedKey());
        assertNull(handshake("Basic k", List.of()).presentedKey());
    }

    @Test
    void theAuthorizationHeaderWinsOverASubprotocol() {
        assertEquals("header", handshake("Bearer header", List.of("bearer." + base64url("protocol"))).presentedKey());
        assertNull(handshake("Basic x", List.of("bearer." + base64url("protocol"))).presentedKey());
    }

    @Test
    void theFirstBearerSubprotocolDecoded() {
        assertEquals("key-1", handshake(null, List.of("captcha-ws", "bearer." + base64url("key-1"),
                "bearer." + base64url("key-2"))).presentedKey());
        assertNull(handshake(null, List.of("bearer.!!")).presentedKey(), "not base64url");
    }

    @Test
    void noKeyAtAllIsNull() {
        assertNull(handshake(null, List.of()).presentedKey());
        assertNull(handshake(null, List.of("captcha-ws", "Bearer." + base64url("case matters"))).presentedKey());
    }

    private static Handshake handshake(String authorization, List<String> subprotocols) {
        return new Handshake(Cidr.parseAddress("198.51.100.7"), null, Origins.of("http", "h"), authorization, subprotocols, false);
    }

    private static String base64url(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }
}
