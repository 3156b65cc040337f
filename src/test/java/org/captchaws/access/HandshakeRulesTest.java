package org.captchaws.access;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.captchaws.access.ApiKeysTest.KEY_A;
import static org.captchaws.access.ApiKeysTest.KEY_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HandshakeRulesTest {

    private static final String OWN = Origins.of("http", "127.0.0.1:8080");
    private static final HandshakeRules NO_KEYS = new HandshakeRules(ApiKeys.parse(null), List.of(), Origins.parse(null));
    private static final HandshakeRules KEYS = new HandshakeRules(ApiKeys.parse(KEY_A + "," + KEY_B), List.of(), Origins.parse(null));

    @Test
    void withoutKeysOnlyLoopbackClientsConnect() {
        assertEquals(Verdict.ALLOWED, NO_KEYS.check(from("127.0.0.1")));
        assertEquals(Verdict.ALLOWED, NO_KEYS.check(from("127.8.9.10")));
        assertEquals(Verdict.ALLOWED, NO_KEYS.check(from("0:0:0:0:0:0:0:1")));
        assertEquals(Verdict.NOT_LOOPBACK, NO_KEYS.check(from("192.168.1.20")));
        assertEquals(Verdict.NOT_LOOPBACK, NO_KEYS.check(from("::ffff:192.168.1.20")));
        assertEquals(Verdict.NOT_LOOPBACK, NO_KEYS.check(from("2001:db8::1")));
        assertEquals(Verdict.NOT_LOOPBACK, NO_KEYS.check(new Handshake(null, null, OWN, null, List.of(), false)));
    }

    @Test
    void aForwardedHandshakeIsNotLoopback() {
        Handshake proxied = new Handshake(Cidr.parseAddress("127.0.0.1"), null, OWN, null, List.of(), true);

        assertEquals(Verdict.NOT_LOOPBACK, NO_KEYS.check(proxied));
    }

    @Test
    void withKeysAValidKeyIsNeededFromAnywhere() {
        assertEquals(Verdict.NO_VALID_KEY, KEYS.check(from("127.0.0.1")), "loopback needs a key too");
        assertEquals(Verdict.NO_VALID_KEY, KEYS.check(bearer("198.51.100.7", "Bearer wrong-" + KEY_A)));
        assertEquals(Verdict.ALLOWED, KEYS.check(bearer("198.51.100.7", "Bearer " + KEY_A)));
        assertEquals(Verdict.ALLOWED, KEYS.check(bearer("198.51.100.7", "bearer  " + KEY_B + " ")));
        assertEquals(Verdict.NO_VALID_KEY, KEYS.check(bearer("198.51.100.7", "Basic " + KEY_A)));
        assertEquals(Verdict.NO_VALID_KEY, KEYS.check(bearer("198.51.100.7", KEY_A)));
    }

    @Test
    void aBrowserCarriesItsKeyAsASubprotocol() {
        Handshake page = new Handshake(Cidr.parseAddress("198.51.100.7"), null, OWN, null,
                List.of("captcha-ws", "bearer." + base64url(KEY_B)), false);
        Handshake wrong = new Handshake(Cidr.parseAddress("198.51.100.7"), null, OWN, null,
                List.of("captcha-ws", "bearer." + base64url(KEY_B + "x")), false);
        Handshake garbled = new Handshake(Cidr.parseAddress("198.51.100.7"), null, OWN, null,
                List.of("captcha-ws", "bearer.!!!"), false);

        assertEquals(Verdict.ALLOWED, KEYS.check(page));
        assertEquals(Verdict.NO_VALID_KEY, KEYS.check(wrong));
        assertEquals(Verdict.NO_VALID_KEY, KEYS.check(garbled));
        assertNull(garbled.presentedKey());
    }

    @Test
    void aForeignOriginIsRefusedEvenWithAKey() {
        Handshake foreign = new Handshake(Cidr.parseAddress("127.0.0.1"), "http://evil.example", OWN,
                "Bearer " + KEY_A, List.of(), false);

        assertEquals(Verdict.ORIGIN_NOT_ALLOWED, KEYS.check(foreign));
        assertEquals(Verdict.ORIGIN_NOT_ALLOWED, NO_KEYS.check(new Handshake(Cidr.parseAddress("127.0.0.1"),
                "http://evil.example", OWN, null, List.of(), false)), "no hijacking of a loopback-open server");
        assertEquals(Verdict.ALLOWED, NO_KEYS.check(new Handshake(Cidr.parseAddress("127.0.0.1"),
                "http://127.0.0.1:8080", OWN, null, List.of(), false)));
    }

    @Test
    void aClientOutsideTheNetworksIsRefusedEvenWithAKey() {
        HandshakeRules rules = new HandshakeRules(ApiKeys.parse(KEY_A), Cidr.parseList("10.0.0.0/8, 2001:db8::/32"),
                Origins.parse(null));

        assertEquals(Verdict.NETWORK_NOT_ALLOWED, rules.check(bearer("127.0.0.1", "Bearer " + KEY_A)));
        assertEquals(Verdict.NETWORK_NOT_ALLOWED, rules.check(bearer("::1", "Bearer " + KEY_A)));
        assertEquals(Verdict.ALLOWED, rules.check(bearer("10.2.3.4", "Bearer " + KEY_A)));
        assertEquals(Verdict.ALLOWED, rules.check(bearer("2001:db8::5", "Bearer " + KEY_A)));
        assertEquals(Verdict.NO_VALID_KEY, rules.check(bearer("10.2.3.4", null)), "inside, but no key");
    }

    private static Handshake from(String remote) {
        return bearer(remote, null);
    }

    private static Handshake bearer(String remote, String authorization) {
        return new Handshake(Cidr.parseAddress(remote), null, OWN, authorization, List.of(), false);
    }

    static String base64url(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }
}
