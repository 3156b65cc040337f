package org.captchaws.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/** Reading an operation's fields from a request's {@code data}. */
public final class Requests {

    private Requests() {
    }

    /** The string field {@code data.name}; a missing or non-string one fails with 4002 naming it. */
    public static String requireString(JsonObject data, String name) throws CaptchaException {
        if (data.get(name) instanceof JsonString value) {
            return value.getString();
        }
        throw new CaptchaException(ErrorCode.BAD_FIELD, "data." + name);
    }
}
