package org.captchaws.protocol;

import jakarta.json.JsonValue;
import org.captchaws.failure.ErrorCode;

/** A text frame over the configured size limit: answered by closing the connection with 1009. */
public class FrameTooLargeException extends InvalidRequestException {

    FrameTooLargeException() {
        super(JsonValue.NULL, ErrorCode.FRAME_TOO_LARGE);
    }
}
