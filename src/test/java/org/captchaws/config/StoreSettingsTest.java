package org.captchaws.config;

import org.captchaws.testing.Configured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StoreSettingsTest {

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        Configured.assertDocumented(StoreSettings.class);
    }

    @Test
    void unsetSettingsHaveTheirDefaults() {
        StoreSettings settings = Configured.defaults(StoreSettings.class);

        assertEquals("memory", settings.store());
        assertEquals(1_000_000, settings.memoryCapacity());
        assertEquals(Duration.ofSeconds(30), settings.memoryMinLifetime());
        assertEquals("redis://127.0.0.1:6379", settings.redisUri());
        assertEquals(Duration.ofMillis(2000), settings.redisTimeout());
        assertEquals("captcha:", settings.redisKeyPrefix());
        assertEquals(Duration.ofMinutes(5), settings.ttl());
        assertEquals(5, settings.maxAttempts());
        assertEquals(Optional.empty(), settings.secret());
        assertEquals(Duration.ofMinutes(5), settings.cleanupInterval());
    }

    @Test
    void eachSettingComesFromItsKey() {
        StoreSettings settings = Configured.settings(StoreSettings.class, Map.ofEntries(
                entry("captcha.store", "redis"),
                entry("captcha.store.memory.capacity", "1000"),
                entry("captcha.store.memory.min-lifetime-seconds", "10"),
                entry("captcha.redis.uri", "redis://10.0.0.5:6380/2"),
                entry("captcha.redis.timeout-millis", "750"),
                entry("captcha.redis.key-prefix", "shop:"),
                entry("captcha.verify.ttl-seconds", "120"),
                entry("captcha.verify.max-attempts", "3"),
                entry("captcha.verify.secret", "a shared secret of enough bytes"),
                entry("captcha.cleanup.interval-seconds", "15")));

        assertEquals("redis", settings.store());
        assertEquals(1000, settings.memoryCapacity());
        assertEquals(Duration.ofSeconds(10), settings.memoryMinLifetime());
        assertEquals("redis://10.0.0.5:6380/2", settings.redisUri());
        assertEquals(Duration.ofMillis(750), settings.redisTimeout());
        assertEquals("shop:", settings.redisKeyPrefix());
        assertEquals(Duration.ofSeconds(120), settings.ttl());
        assertEquals(3, settings.maxAttempts());
        assertEquals(Optional.of("a shared secret of enough bytes"), settings.secret());
        assertEquals(Duration.ofSeconds(15), settings.cleanupInterval());
    }
}
