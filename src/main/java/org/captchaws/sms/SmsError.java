package org.captchaws.sms;

import org.captchaws.protocol.CaptchaException;

/**
 * A legacy integer error code with the Chinese message clients have always received for it.
 */
record SmsError(int code, String message) {

    CaptchaException toException(Throwable cause) {
        return new CaptchaException(code, message, cause);
    }
}
