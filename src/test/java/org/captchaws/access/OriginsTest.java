package org.captchaws.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginsTest {

    private static final String OWN = Origins.of("http", "127.0.0.1:8080");

    @Test
    void noOriginIsABackendAndAllowed() {
        assertTrue(Origins.parse(null).allows(null, OWN));
    }

    @Test
    void theServicesOwnOriginIsAllowed() {
        Origins none = Origins.parse(null);

        assertTrue(none.allows("http://127.0.0.1:8080", OWN));
        assertTrue(none.allows("HTTP://127.0.0.1:8080", OWN), "scheme and host are case-insensitive");
        assertTrue(none.allows("https://captcha.example.com", Origins.of("https", "Captcha.Example.com:443")),
                "the default port, given or not");
    }

    @Test
    void anyOtherOriginIsRefused() {
        Origins none = Origins.parse(null);

        assertFalse(none.allows("http://evil.example", OWN));
        assertFalse(none.allows("http://127.0.0.1:8081", OWN), "another port is another origin");
        assertFalse(none.allows("https://127.0.0.1:8080", OWN), "another scheme is another origin");
        assertFalse(none.allows("http://localhost:8080", OWN), "another name is another origin");
        assertFalse(none.allows("null", OWN), "an opaque origin (sandboxed frame, file:)");
        assertFalse(none.allows("", OWN));
        assertFalse(none.allows("http://127.0.0.1:8080/path", OWN), "not an origin");
    }

    @Test
    void listedOriginsAreAllowed() {
        Origins listed = Origins.parse("https://shop.example.com, http://admin.example.com:8443");

        assertTrue(listed.allows("https://shop.example.com", OWN));
        assertTrue(listed.allows("https://shop.example.com:443", OWN));
        assertTrue(listed.allows("http://admin.example.com:8443", OWN));
        assertFalse(listed.allows("http://shop.example.com", OWN));
        assertFalse(listed.allows("https://sub.shop.example.com", OWN));
        assertFalse(listed.allows("https://shop.example.com.evil.example", OWN));
        assertTrue(listed.allows("http://127.0.0.1:8080", OWN), "the own origin still");
    }

    @Test
    void normalizedForm() {
        assertEquals("http://a.example", Origins.normalize("http://A.example:80"));
        assertEquals("https://a.example:8443", Origins.normalize("https://a.example:8443"));
        assertEquals("http://[::1]:8080", Origins.normalize("http://[::1]:8080"));
        assertNull(Origins.normalize("http://user@a.example"));
        assertNull(Origins.normalize("a.example"));
    }

    @Test
    void eachSchemesDefaultPortIsDroppedAndOnlyItsOwn() {
        assertEquals("ws://a.example", Origins.normalize("ws://a.example:80"));
        assertEquals("https://a.example", Origins.normalize("https://a.example:443"));
        assertEquals("wss://a.example", Origins.normalize("WSS://a.example:443"));
        assertEquals("http://a.example:443", Origins.normalize("http://a.example:443"));
        assertEquals("https://a.example:80", Origins.normalize("https://a.example:80"));
        assertEquals("ws://a.example:443", Origins.normalize("ws://a.example:443"));
        assertEquals("wss://a.example:80", Origins.normalize("wss://a.example:80"));
    }

    @Test
    void nothingOrNoUriIsNoOrigin() {
        assertNull(Origins.normalize(null));
        assertNull(Origins.normalize("http://a b.example"));
        assertNull(Origins.normalize("null"), "an opaque origin");
    }

    @Test
    void aListEntryThatIsNoOriginIsRefused() {
        for (String bad : List.of("shop.example.com", "https://shop.example.com/", "*")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Origins.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
