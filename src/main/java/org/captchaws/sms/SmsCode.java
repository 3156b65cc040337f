package org.captchaws.sms;

/**
 * The data of a successful SMS reply, as the seed sends it.
 *
 * @param title the code sent to the phone
 */
public record SmsCode(String title) {
}
