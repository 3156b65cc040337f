package org.captchaws.access;

import org.captchaws.testing.FakeRequest;
import org.captchaws.testing.FakeResponse;
import org.captchaws.testing.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.captchaws.access.ApiKeysTest.KEY_A;
import static org.captchaws.access.ApiKeysTest.KEY_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules as the settings make them at deployment, and the answer to a refused request. */
class AccessControlTest {

    private static final Logger LOG = Logger.getLogger(AccessControl.class.getName());

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    AccessControlTest() {
        LOG.addHandler(recorder);
    }

    @AfterEach
    void detach() {
        LOG.removeHandler(recorder);
    }

    @Test
    void theConfiguredKeysNetworksAndOriginsDecide() {
        AccessControl access = built(KEY_A + "," + KEY_B, "198.51.100.0/24", "https://shop.example", 10);

        assertEquals(Verdict.ALLOWED, access.check(handshake("198.51.100.7", "Bearer " + KEY_B, "https://shop.example")));
        assertEquals(Verdict.NO_VALID_KEY, access.check(handshake("198.51.100.7", null, null)));
        assertEquals(Verdict.NETWORK_NOT_ALLOWED, access.check(handshake("203.0.113.1", "Bearer " + KEY_A, null)));
        assertEquals(Verdict.ORIGIN_NOT_ALLOWED, access.check(handshake("198.51.100.7", "Bearer " + KEY_A, "https://evil.example")));
    }

    @Test
    void withNothingConfiguredOnlyLoopbackConnects() {
        AccessControl access = built(null, null, null, 1);

        assertEquals(Verdict.ALLOWED, access.check(handshake("127.0.0.1", null, null)));
        assertEquals(Verdict.NOT_LOOPBACK, access.check(handshake("198.51.100.7", "Bearer " + KEY_A, null)));
    }

    @Test
    void anHttpRequestIsCheckedAsItsHandshakeWouldBe() {
        AccessControl access = built(KEY_A, null, null, 10);

        assertEquals(Verdict.ALLOWED, access.check(new FakeRequest().remoteAddr("198.51.100.7")
                .header("Authorization", "Bearer " + KEY_A)));
        assertEquals(Verdict.NO_VALID_KEY, access.check(new FakeRequest().remoteAddr("198.51.100.7")
                .header("Authorization", "Bearer " + KEY_B)));
    }

    @Test
    void settingsThatCannotBeReadStopTheDeployment() {
        assertThrows(IllegalArgumentException.class, () -> built("short", null, null, 10));
        assertThrows(IllegalArgumentException.class, () -> built(null, "10.0.0.0/33", null, 10));
        assertThrows(IllegalArgumentException.class, () -> built(null, null, "shop.example", 10));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> built(null, null, null, 0));
        assertEquals("captcha.ws.max-connections must be at least 1", none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> built(null, null, null, -5));
    }

    @Test
    void withoutKeysTheLogWarnsThatOnlyLoopbackMayConnect() {
        built(null, null, null, 10);

        assertEquals(1, logged.size(), "one line: " + logged);
        assertEquals("WARNING", logged.get(0).getLevel().getName());
        assertTrue(logged.get(0).getMessage().contains("only loopback clients"), logged.get(0).getMessage());
    }

    @Test
    void withKeysTheLogNamesThemByFingerprintNeverByTheirText() {
        built(KEY_A + "," + KEY_B, "10.0.0.0/8", null, 10);

        String log = String.join("\n", logged.stream().map(LogRecord::getMessage).toList());
        assertEquals(2, logged.size(), log);
        for (String fingerprint : ApiKeys.parse(KEY_A + "," + KEY_B).fingerprints()) {
            assertTrue(log.contains(fingerprint), log);
        }
        assertTrue(log.contains("2 API keys"), log);
        assertTrue(log.contains("allowed from [10.0.0.0/8]"), log);
        assertFalse(log.contains(KEY_A) || log.contains(KEY_B), "a key in the log");
    }

    @Test
    void aRefusalWithoutAValidKeyIsA401WithABearerChallenge() throws Exception {
        FakeResponse response = new FakeResponse();

        AccessControl.refuse(response, Verdict.NO_VALID_KEY);

        assertEquals(401, response.getStatus());
        assertEquals("Bearer", response.getHeader("WWW-Authenticate"));
        assertEquals("text/plain;charset=UTF-8", response.getContentType());
        assertEquals(Verdict.NO_VALID_KEY.reason() + "\n", response.body());
    }

    @Test
    void anyOtherRefusalHasItsStatusAndReasonAndNoChallenge() throws Exception {
        FakeResponse response = new FakeResponse();

        AccessControl.refuse(response, Verdict.NETWORK_NOT_ALLOWED);

        assertEquals(403, response.getStatus());
        assertNull(response.getHeader("WWW-Authenticate"));
        assertEquals("text/plain;charset=UTF-8", response.getContentType());
        assertEquals(Verdict.NETWORK_NOT_ALLOWED.reason() + "\n", response.body());
    }

    static AccessControl built(String keys, String networks, String origins, int maxConnections) {
        AccessControl access = new AccessControl();
        access.settings = Settings.access(keys, networks, origins, maxConnections);
        access.build();
        return access;
    }

    private static Handshake handshake(String remote, String authorization, String origin) {
        return new Handshake(Cidr.parseAddress(remote), origin, Origins.of("http", "captcha.example"), authorization, List.of(), false);
    }
}
