package org.captchaws.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TencentSmsSettingsTest {

    private static final String SECRET_ID = "AKIDsecretIdValue42";
    private static final String SECRET_KEY = "secretKeyValue42";

    @Test
    void fillsInDefaultsForOptionalSettings() {
        TencentSmsSettings settings = new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, null, null, null, "1400000001", "签名", "100001", null, null, null);

        assertEquals("ap-guangzhou", settings.region());
        assertNull(settings.endpoint());
        assertEquals("https", settings.protocol());
        assertNull(settings.validityMinutes());
        assertEquals(5, settings.connectTimeoutSeconds());
        assertEquals(5, settings.readTimeoutSeconds());
    }

    @Test
    void treatsBlankOptionalSettingsAsUnset() {
        TencentSmsSettings settings = new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, " ", "", "  ", "1400000001", "签名", "100001", null, null, null);

        assertEquals("ap-guangzhou", settings.region());
        assertNull(settings.endpoint());
        assertEquals("https", settings.protocol());
    }

    @Test
    void keepsExplicitSettings() {
        TencentSmsSettings settings = new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, "ap-beijing", "127.0.0.1:8080", "http", "1400000001", "签名", "100001", 5, 2, 3);

        assertEquals("ap-beijing", settings.region());
        assertEquals("127.0.0.1:8080", settings.endpoint());
        assertEquals("http", settings.protocol());
        assertEquals(5, settings.validityMinutes());
        assertEquals(2, settings.connectTimeoutSeconds());
        assertEquals(3, settings.readTimeoutSeconds());
    }

    @Test
    void namesEveryBlankRequiredSetting() {
        TencentSmsSettings settings = new TencentSmsSettings(
                null, " ", null, null, null, "", null, "\t", null, null, null);

        assertEquals(List.of("secretId", "secretKey", "sdkAppId", "signName", "templateId"), settings.missing());
    }

    @Test
    void missesNothingWhenComplete() {
        TencentSmsSettings settings = new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, null, null, null, "1400000001", "签名", "100001", null, null, null);

        assertEquals(List.of(), settings.missing());
    }

    @Test
    void toStringShowsSettingsButNotSecrets() {
        String text = new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, null, "127.0.0.1:8080", null, "1400000001", "签名", "100001", 5, null, null)
                .toString();

        assertFalse(text.contains(SECRET_ID), text);
        assertFalse(text.contains(SECRET_KEY), text);
        assertTrue(text.contains("secretId=(set)"), text);
        assertTrue(text.contains("secretKey=(set)"), text);
        assertTrue(text.contains("sdkAppId=1400000001"), text);
        assertTrue(text.contains("endpoint=127.0.0.1:8080"), text);
    }

    @Test
    void toStringSaysWhichSecretsAreMissing() {
        String text = new TencentSmsSettings(
                SECRET_ID, null, null, null, null, "1400000001", "签名", "100001", null, null, null).toString();

        assertTrue(text.contains("secretId=(set)"), text);
        assertTrue(text.contains("secretKey=(not set)"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "HTTPS", "https://"})
    void rejectsOtherProtocols(String protocol) {
        assertThrows(IllegalArgumentException.class, () -> new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, null, null, protocol, "1400000001", "签名", "100001", null, null, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void rejectsTimeoutsThatAreNotPositive(int seconds) {
        assertThrows(IllegalArgumentException.class, () -> new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, null, null, null, "1400000001", "签名", "100001", null, seconds, null));
        assertThrows(IllegalArgumentException.class, () -> new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, null, null, null, "1400000001", "签名", "100001", null, null, seconds));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5})
    void rejectsValidityThatIsNotPositive(int minutes) {
        assertThrows(IllegalArgumentException.class, () -> new TencentSmsSettings(
                SECRET_ID, SECRET_KEY, null, null, null, "1400000001", "签名", "100001", minutes, null, null));
    }
}
