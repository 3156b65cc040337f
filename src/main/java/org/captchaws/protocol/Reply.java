package org.captchaws.protocol;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/**
 * A reply envelope, in the seed's shape: {@code status} is the string {@code "0"} on success
 * and an integer on failure, which existing clients depend on.
 *
 * @param id the request's id, echoed with its JSON type; {@link JsonValue#NULL} when unreadable
 * @param status {@code "0"} or an {@link Integer} error code
 * @param data the operation's result, an empty object on failure
 */
@JsonbPropertyOrder({"id", "status", "errmsg", "data"})
public record Reply(JsonValue id, Object status, String errmsg, Object data) {

    static final String SUCCESS_STATUS = "0";
    static final String SUCCESS_MESSAGE = "successful";

    public Reply {
        id = id == null ? JsonValue.NULL : id;
    }

    public static Reply success(JsonValue id, Object data) {
        return new Reply(id, SUCCESS_STATUS, SUCCESS_MESSAGE, data);
    }

    public static Reply failure(JsonValue id, CaptchaException error) {
        return new Reply(id, error.code(), error.getMessage(), JsonValue.EMPTY_JSON_OBJECT);
    }

    public static Reply failure(JsonValue id, ErrorCode error) {
        return failure(id, new CaptchaException(error));
    }
}
