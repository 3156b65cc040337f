package org.captchaws.config;

import org.captchaws.testing.Configured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CaptchaSettingsTest {

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        Configured.assertDocumented(CaptchaSettings.class);
    }

    @Test
    void unsetSettingsHaveTheirDefaults() {
        CaptchaSettings settings = Configured.defaults(CaptchaSettings.class);

        assertEquals(65536, settings.maxMessageSize());
        assertEquals(5, settings.imageLength());
        assertEquals(4, settings.chineseLength());
        assertEquals(Optional.empty(), settings.imageAlphabet());
        assertEquals(160, settings.imageWidth());
        assertEquals(60, settings.imageHeight());
        assertEquals(Optional.empty(), settings.imageDir());
        assertEquals(Duration.ofSeconds(30), settings.imageFileLifetime());
        assertEquals(Optional.empty(), settings.imageSalt());
    }

    @Test
    void eachSettingComesFromItsKey() {
        CaptchaSettings settings = Configured.settings(CaptchaSettings.class, Map.ofEntries(
                entry("captcha.ws.max-message-size", "4096"),
                entry("captcha.image.length", "6"),
                entry("captcha.image.chinese-length", "3"),
                entry("captcha.image.alphabet", "ABC123"),
                entry("captcha.image.width", "200"),
                entry("captcha.image.height", "80"),
                entry("captcha.image.dir", "/srv/captcha/images"),
                entry("captcha.image.file-lifetime-seconds", "20"),
                entry("captcha.image.salt", "pepper")));

        assertEquals(4096, settings.maxMessageSize());
        assertEquals(6, settings.imageLength());
        assertEquals(3, settings.chineseLength());
        assertEquals(Optional.of("ABC123"), settings.imageAlphabet());
        assertEquals(200, settings.imageWidth());
        assertEquals(80, settings.imageHeight());
        assertEquals(Optional.of("/srv/captcha/images"), settings.imageDir());
        assertEquals(Duration.ofSeconds(20), settings.imageFileLifetime());
        assertEquals(Optional.of("pepper"), settings.imageSalt());
    }
}
