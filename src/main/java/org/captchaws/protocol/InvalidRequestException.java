package org.captchaws.protocol;

import jakarta.json.JsonValue;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

/** A frame the decoder refused, with whatever id could be read from it for the reply. */
public class InvalidRequestException extends CaptchaException {
    private final transient JsonValue id;

    InvalidRequestException(JsonValue id, ErrorCode error) {
        super(error);
        this.id = id;
    }

    InvalidRequestException(JsonValue id, ErrorCode error, String detail) {
        super(error, detail);
        this.id = id;
    }

    public JsonValue id() {
        return id;
    }
}
