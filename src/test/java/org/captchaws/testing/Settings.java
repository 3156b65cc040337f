package org.captchaws.testing;

import org.captchaws.config.AccessSettings;
import org.captchaws.config.CaptchaSettings;

import java.util.Optional;

/**
 * Settings for unit tests that have no container to inject them: the real settings classes with
 * the values a test names, every other value as its class's accessor gives it.
 */
public final class Settings {

    private Settings() {
    }

    /** {@code captcha.ws.max-message-size}. */
    public static CaptchaSettings maxMessageSize(int bytes) {
        return new CaptchaSettings() {
            @Override
            public int maxMessageSize() {
                return bytes;
            }
        };
    }

    /** The access settings; a null list is one not set. */
    public static AccessSettings access(String keys, String networks, String origins, int maxConnections) {
        return new AccessSettings() {
            @Override
            public Optional<String> keys() {
                return Optional.ofNullable(keys);
            }

            @Override
            public Optional<String> allowedNetworks() {
                return Optional.ofNullable(networks);
            }

            @Override
            public Optional<String> allowedOrigins() {
                return Optional.ofNullable(origins);
            }

            @Override
            public int maxConnections() {
                return maxConnections;
            }
        };
    }
}
