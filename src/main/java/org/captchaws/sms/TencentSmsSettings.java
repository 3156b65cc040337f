package org.captchaws.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything {@link TencentSmsSender} needs. Optional settings left null (or blank) get their
 * defaults here, so callers can pass raw configuration values straight through.
 *
 * @param endpoint        host[:port] of the API; null for the SDK default, sms.tencentcloudapi.com
 * @param protocol        "https", or "http" for talking to a local fake in tests
 * @param validityMinutes null for a template with one parameter (the code); otherwise the
 *                        template's second parameter, telling the user how long the code lasts
 */
public record TencentSmsSettings(
        String secretId,
        String secretKey,
        String region,
        String endpoint,
        String protocol,
        String sdkAppId,
        String signName,
        String templateId,
        Integer validityMinutes,
        Integer connectTimeoutSeconds,
        Integer readTimeoutSeconds) {

    public static final String DEFAULT_REGION = "ap-guangzhou";
    public static final String DEFAULT_PROTOCOL = "https";
    public static final int DEFAULT_TIMEOUT_SECONDS = 5;

    private static final Set<String> PROTOCOLS = Set.of("https", "http");

    public TencentSmsSettings {
        region = isBlank(region) ? DEFAULT_REGION : region;
        endpoint = isBlank(endpoint) ? null : endpoint;
        protocol = isBlank(protocol) ? DEFAULT_PROTOCOL : protocol;
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol must be https or http, was " + protocol);
        }
        if (validityMinutes != null && validityMinutes <= 0) {
            throw new IllegalArgumentException("validityMinutes must be positive, was " + validityMinutes);
        }
        connectTimeoutSeconds = positiveOrDefault("connectTimeoutSeconds", connectTimeoutSeconds);
        readTimeoutSeconds = positiveOrDefault("readTimeoutSeconds", readTimeoutSeconds);
    }

    /** Names of the required settings that are blank, in declaration order; empty when usable. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        addIfBlank(missing, "secretId", secretId);
        addIfBlank(missing, "secretKey", secretKey);
        addIfBlank(missing, "sdkAppId", sdkAppId);
        addIfBlank(missing, "signName", signName);
        addIfBlank(missing, "templateId", templateId);
        return List.copyOf(missing);
    }

    /** Says whether the credentials are set but never shows them, since settings end up in logs. */
    @Override
    public String toString() {
        return "TencentSmsSettings[secretId=" + presence(secretId)
                + ", secretKey=" + presence(secretKey)
                + ", region=" + region
                + ", endpoint=" + endpoint
                + ", protocol=" + protocol
                + ", sdkAppId=" + sdkAppId
                + ", signName=" + signName
                + ", templateId=" + templateId
                + ", validityMinutes=" + validityMinutes
                + ", connectTimeoutSeconds=" + connectTimeoutSeconds
                + ", readTimeoutSeconds=" + readTimeoutSeconds
                + "]";
    }

    private static Integer positiveOrDefault(String name, Integer seconds) {
        if (seconds == null) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
        // The SDK treats 0 as "wait forever", which would let a stuck provider hold request threads.
        if (seconds <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + seconds);
        }
        return seconds;
    }

    private static void addIfBlank(List<String> missing, String name, String value) {
        if (isBlank(value)) {
            missing.add(name);
        }
    }

    private static String presence(String secret) {
        return isBlank(secret) ? "(not set)" : "(set)";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
