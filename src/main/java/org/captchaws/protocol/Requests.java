package org.captchaws.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/** Reading an operation's fields from a request's {@code data}: the dispatcher's job, so no service sees JSON. */
final class Requests {

    private Requests() {
    }

    /** The string field {@code data.name}; a missing or non-string one fails with 4002 naming it. */
    static String requireString(JsonObject data, String name) throws CaptchaException {
        if (data.get(name) instanceof JsonString value) {
            return value.getString();
        }
        throw new CaptchaException(ErrorCode.BAD_FIELD, "data." + name);
    }
}
