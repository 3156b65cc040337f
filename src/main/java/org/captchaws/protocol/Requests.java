package org.captchaws.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

import java.util.Optional;

/** Reading an operation's fields from a request's {@code data}: the dispatcher's job, so no service sees JSON. */
final class Requests {

    private Requests() {
    }

    /** The string field {@code data.name}; a missing or non-string one fails with 4002 naming it. */
    static String requireString(JsonObject data, String name) throws CaptchaException {
        if (data.get(name) instanceof JsonString value) {
            return value.getString();
        }
        throw badField(name);
    }

    /** The optional string field {@code data.name}: empty when absent; present but not a string (null too) is 4002. */
    static Optional<String> optionalString(JsonObject data, String name) throws CaptchaException {
        return data.containsKey(name) ? Optional.of(requireString(data, name)) : Optional.empty();
    }

    /** The optional boolean field {@code data.name}: false when absent; present but not true or false is 4002. */
    static boolean optionalFlag(JsonObject data, String name) throws CaptchaException {
        JsonValue value = data.get(name);
        if (value == null) {
            return false;
        }
        return switch (value.getValueType()) {
            case TRUE -> true;
            case FALSE -> false;
            default -> throw badField(name);
        };
    }

    /** 4002 naming the field {@code data.name}: missing, of the wrong JSON type, or a value that cannot be. */
    static CaptchaException badField(String name) {
        return new CaptchaException(ErrorCode.BAD_FIELD, "data." + name);
    }
}
