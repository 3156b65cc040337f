package org.captchaws.sms;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/** Stands in for Tencent when its settings are missing, so each request says so clearly. */
final class UnconfiguredSmsSender implements SmsSender {

    @Override
    public void send(String e164Phone, String code) throws CaptchaException {
        throw new CaptchaException(ErrorCode.SMS_NOT_CONFIGURED);
    }
}
