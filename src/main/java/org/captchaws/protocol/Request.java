package org.captchaws.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A request envelope that passed the decoder's checks: {@code type}, {@code subtype} and
 * {@code data.action} are strings, {@code data} is an object.
 *
 * @param id the request's id exactly as sent (any JSON type), {@link JsonValue#NULL} when absent
 */
public record Request(JsonValue id, String type, String subtype, String action, JsonObject data) {
}
