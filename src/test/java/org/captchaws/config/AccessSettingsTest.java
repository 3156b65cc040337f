package org.captchaws.config;

import org.captchaws.testing.Configured;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessSettingsTest {

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        Configured.assertDocumented(AccessSettings.class);
    }

    @Test
    void unsetSettingsHaveTheirDefaults() {
        AccessSettings settings = Configured.defaults(AccessSettings.class);

        assertEquals(Optional.empty(), settings.keys());
        assertEquals(Optional.empty(), settings.allowedNetworks());
        assertEquals(Optional.empty(), settings.allowedOrigins());
        assertEquals(10000, settings.maxConnections());
    }

    @Test
    void eachSettingComesFromItsKey() {
        AccessSettings settings = Configured.settings(AccessSettings.class, Map.of(
                "captcha.auth.keys", "k1,k2",
                "captcha.auth.allowed-networks", "10.0.0.0/8",
                "captcha.auth.allowed-origins", "https://shop.example.com",
                "captcha.ws.max-connections", "50"));

        assertEquals(Optional.of("k1,k2"), settings.keys());
        assertEquals(Optional.of("10.0.0.0/8"), settings.allowedNetworks());
        assertEquals(Optional.of("https://shop.example.com"), settings.allowedOrigins());
        assertEquals(50, settings.maxConnections());
    }
}
