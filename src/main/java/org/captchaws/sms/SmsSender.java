package org.captchaws.sms;

import org.captchaws.failure.CaptchaException;

/**
 * Delivers one verification code to one phone.
 */
public interface SmsSender {

    /**
     * @param e164Phone a number already normalised by {@link PhoneNumbers#toE164(String)}
     * @param code      the verification code to deliver
     * @throws CaptchaException with a legacy error code when the code was not accepted for delivery
     */
    void send(String e164Phone, String code) throws CaptchaException;
}
