package org.captchaws.sms;

import org.captchaws.protocol.CaptchaException;
import org.captchaws.protocol.ErrorCode;

/**
 * A legacy integer error code with the Chinese message clients have always received for it.
 */
record SmsError(int code, String message) {

    static SmsError of(ErrorCode error) {
        return new SmsError(error.code(), error.message());
    }

    CaptchaException toException(Throwable cause) {
        return new CaptchaException(code, message, cause);
    }
}
