package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/** The store could not be reached in time, or refused the command: the request fails, the service stays up. */
public class StoreUnavailableException extends CaptchaException {

    public StoreUnavailableException(Throwable cause) {
        super(ErrorCode.STORE_UNAVAILABLE, cause);
    }
}
