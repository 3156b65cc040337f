package org.captchaws.config;

import org.captchaws.testing.Configured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SmsSettingsTest {

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        Configured.assertDocumented(SmsSettings.class);
    }

    @Test
    void unsetSettingsHaveTheirDefaults() {
        SmsSettings settings = Configured.defaults(SmsSettings.class);

        assertEquals("tencent", settings.provider());
        assertEquals(4, settings.codeLength());
        assertEquals(Duration.ofSeconds(60), settings.minInterval());
        assertEquals(5, settings.maxPerHour());
        assertEquals(10, settings.maxPerDay());
        assertEquals(10, settings.maxPerClientIpPerHour());
        assertEquals(1000, settings.maxTotalPerHour());
        assertEquals(10000, settings.maxTotalPerDay());
        assertEquals(200, settings.maxPending());
        assertEquals(Optional.empty(), settings.tencentSecretId());
        assertEquals(Optional.empty(), settings.tencentSecretKey());
        assertEquals("ap-guangzhou", settings.tencentRegion());
        assertEquals(Optional.empty(), settings.tencentEndpoint());
        assertEquals("https", settings.tencentProtocol());
        assertEquals(Optional.empty(), settings.tencentSdkAppId());
        assertEquals(Optional.empty(), settings.tencentSignName());
        assertEquals(Optional.empty(), settings.tencentTemplateId());
        assertEquals(Optional.empty(), settings.tencentValidityMinutes());
        assertEquals(5, settings.tencentConnectTimeoutSeconds());
        assertEquals(5, settings.tencentReadTimeoutSeconds());
    }

    @Test
    void eachSettingComesFromItsKey() {
        SmsSettings settings = Configured.settings(SmsSettings.class, Map.ofEntries(
                entry("captcha.sms.provider", "log"),
                entry("captcha.sms.code-length", "6"),
                entry("captcha.sms.min-interval-seconds", "30"),
                entry("captcha.sms.max-per-hour", "3"),
                entry("captcha.sms.max-per-day", "7"),
                entry("captcha.sms.max-per-client-ip-per-hour", "20"),
                entry("captcha.sms.max-total-per-hour", "50"),
                entry("captcha.sms.max-total-per-day", "500"),
                entry("captcha.sms.max-pending", "40"),
                entry("captcha.sms.tencent.secret-id", "id"),
                entry("captcha.sms.tencent.secret-key", "key"),
                entry("captcha.sms.tencent.region", "ap-beijing"),
                entry("captcha.sms.tencent.endpoint", "127.0.0.1:9000"),
                entry("captcha.sms.tencent.protocol", "http"),
                entry("captcha.sms.tencent.sdk-app-id", "1400000001"),
                entry("captcha.sms.tencent.sign-name", "sign"),
                entry("captcha.sms.tencent.template-id", "100001"),
                entry("captcha.sms.tencent.validity-minutes", "5"),
                entry("captcha.sms.tencent.connect-timeout-seconds", "2"),
                entry("captcha.sms.tencent.read-timeout-seconds", "3")));

        assertEquals("log", settings.provider());
        assertEquals(6, settings.codeLength());
        assertEquals(Duration.ofSeconds(30), settings.minInterval());
        assertEquals(3, settings.maxPerHour());
        assertEquals(7, settings.maxPerDay());
        assertEquals(20, settings.maxPerClientIpPerHour());
        assertEquals(50, settings.maxTotalPerHour());
        assertEquals(500, settings.maxTotalPerDay());
        assertEquals(40, settings.maxPending());
        assertEquals(Optional.of("id"), settings.tencentSecretId());
        assertEquals(Optional.of("key"), settings.tencentSecretKey());
        assertEquals("ap-beijing", settings.tencentRegion());
        assertEquals(Optional.of("127.0.0.1:9000"), settings.tencentEndpoint());
        assertEquals("http", settings.tencentProtocol());
        assertEquals(Optional.of("1400000001"), settings.tencentSdkAppId());
        assertEquals(Optional.of("sign"), settings.tencentSignName());
        assertEquals(Optional.of("100001"), settings.tencentTemplateId());
        assertEquals(Optional.of(5), settings.tencentValidityMinutes());
        assertEquals(2, settings.tencentConnectTimeoutSeconds());
        assertEquals(3, settings.tencentReadTimeoutSeconds());
    }

    /** The Tencent SDK's own variables, as its documentation tells users to set them. */
    @Test
    void theCredentialsFallBackToTheSdksVariablesAndTheKeysWin() {
        Map<String, String> sdkOnly = Map.of("TENCENTCLOUD_SECRET_ID", "sdk-id", "TENCENTCLOUD_SECRET_KEY", "sdk-key");
        SmsSettings fallback = Configured.settings(SmsSettings.class, sdkOnly);
        assertEquals(Optional.of("sdk-id"), fallback.tencentSecretId());
        assertEquals(Optional.of("sdk-key"), fallback.tencentSecretKey());

        SmsSettings both = Configured.settings(SmsSettings.class, Map.of("TENCENTCLOUD_SECRET_ID", "sdk-id",
                "TENCENTCLOUD_SECRET_KEY", "sdk-key", "captcha.sms.tencent.secret-id", "id",
                "captcha.sms.tencent.secret-key", "key"));
        assertEquals(Optional.of("id"), both.tencentSecretId());
        assertEquals(Optional.of("key"), both.tencentSecretKey());
    }
}
