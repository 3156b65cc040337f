package org.captchaws.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/** The SMS settings: provider, code, limits (per phone, per client address, the budget) and Tencent Cloud's account. */
@ApplicationScoped
public class SmsSettings {

    /** {@code tencent} (sends for real) or {@code log} (development: logs the code, sends nothing). */
    @Inject
    @ConfigProperty(name = "captcha.sms.provider", defaultValue = "tencent")
    String provider;

    @Inject
    @ConfigProperty(name = "captcha.sms.code-length", defaultValue = "4")
    int codeLength;

    @Inject
    @ConfigProperty(name = "captcha.sms.min-interval-seconds", defaultValue = "60")
    int minIntervalSeconds;

    @Inject
    @ConfigProperty(name = "captcha.sms.max-per-hour", defaultValue = "5")
    int maxPerHour;

    @Inject
    @ConfigProperty(name = "captcha.sms.max-per-day", defaultValue = "10")
    int maxPerDay;

    /** Sends for one {@code data.client_ip} (an IPv6 address: its /64), whatever the numbers. */
    @Inject
    @ConfigProperty(name = "captcha.sms.max-per-client-ip-per-hour", defaultValue = "10")
    int maxPerClientIpPerHour;

    /** The budget across all numbers, checked before Tencent is paid. */
    @Inject
    @ConfigProperty(name = "captcha.sms.max-total-per-hour", defaultValue = "1000")
    int maxTotalPerHour;

    @Inject
    @ConfigProperty(name = "captcha.sms.max-total-per-day", defaultValue = "10000")
    int maxTotalPerDay;

    /** Sends waiting or running at once; more are refused as busy rather than queued without end. */
    @Inject
    @ConfigProperty(name = "captcha.sms.max-pending", defaultValue = "200")
    int maxPending;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.secret-id")
    Optional<String> secretId;

    /** The Tencent SDK's own variable, used when the key above is not set. */
    @Inject
    @ConfigProperty(name = "TENCENTCLOUD_SECRET_ID")
    Optional<String> sdkSecretId;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.secret-key")
    Optional<String> secretKey;

    @Inject
    @ConfigProperty(name = "TENCENTCLOUD_SECRET_KEY")
    Optional<String> sdkSecretKey;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.region", defaultValue = "ap-guangzhou")
    String region;

    /** host[:port]; empty means Tencent's public endpoint. */
    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.endpoint")
    Optional<String> endpoint;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.protocol", defaultValue = "https")
    String protocol;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.sdk-app-id")
    Optional<String> sdkAppId;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.sign-name")
    Optional<String> signName;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.template-id")
    Optional<String> templateId;

    /** Set for a template with two parameters: the code, then how many minutes it is valid. */
    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.validity-minutes")
    Optional<Integer> validityMinutes;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.connect-timeout-seconds", defaultValue = "5")
    int connectTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "captcha.sms.tencent.read-timeout-seconds", defaultValue = "5")
    int readTimeoutSeconds;

    public String provider() {
        return provider;
    }

    public int codeLength() {
        return codeLength;
    }

    public Duration minInterval() {
        return Duration.ofSeconds(minIntervalSeconds);
    }

    public int maxPerHour() {
        return maxPerHour;
    }

    public int maxPerDay() {
        return maxPerDay;
    }

    public int maxPerClientIpPerHour() {
        return maxPerClientIpPerHour;
    }

    public int maxTotalPerHour() {
        return maxTotalPerHour;
    }

    public int maxTotalPerDay() {
        return maxTotalPerDay;
    }

    public int maxPending() {
        return maxPending;
    }

    /** The key above, else the Tencent SDK's own variable; empty when neither is set. */
    public Optional<String> tencentSecretId() {
        return secretId.or(() -> sdkSecretId);
    }

    public Optional<String> tencentSecretKey() {
        return secretKey.or(() -> sdkSecretKey);
    }

    public String tencentRegion() {
        return region;
    }

    public Optional<String> tencentEndpoint() {
        return endpoint;
    }

    public String tencentProtocol() {
        return protocol;
    }

    public Optional<String> tencentSdkAppId() {
        return sdkAppId;
    }

    public Optional<String> tencentSignName() {
        return signName;
    }

    public Optional<String> tencentTemplateId() {
        return templateId;
    }

    public Optional<Integer> tencentValidityMinutes() {
        return validityMinutes;
    }

    public int tencentConnectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    public int tencentReadTimeoutSeconds() {
        return readTimeoutSeconds;
    }
}
