package org.captchaws.protocol;

import jakarta.json.JsonObject;
import org.captchaws.failure.CaptchaException;

/** What one (type, subtype, action) does: takes the request's data, returns the reply's data. */
@FunctionalInterface
public interface Operation {
    Object run(JsonObject data) throws CaptchaException;
}
