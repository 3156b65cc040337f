package org.captchaws.testing;

import java.net.http.WebSocket;
import java.util.function.Consumer;

/**
 * The two API keys every test server is configured with, server-wide, as a production server
 * is (pom.xml: {@code it.auth.key} and {@code it.auth.second-key}, in the servers' environment as
 * CAPTCHA_AUTH_KEYS). Test-only values, not secrets. Two at once, as during a key rotation:
 * {@link WsClient} connects with the first, the Java client and the page with the second.
 */
public final class ItKeys {

    private ItKeys() {
    }

    public static String first() {
        return required("it.auth.key");
    }

    public static String second() {
        return required("it.auth.second-key");
    }

    /** The handshake header a backend sends. */
    public static Consumer<WebSocket.Builder> bearer(String key) {
        return handshake -> handshake.header("Authorization", "Bearer " + key);
    }

    private static String required(String property) {
        String key = System.getProperty(property);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException(property + " is not set: run the integration tests through Maven (failsafe sets it)");
        }
        return key;
    }
}
