package org.captchaws.client;

/**
 * An SMS code the service sent.
 *
 * @param phone the number as it was given
 * @param code  the code sent to it (the reply's {@code title})
 */
public record SmsCode(String phone, String code) {
}
