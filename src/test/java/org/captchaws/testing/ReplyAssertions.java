package org.captchaws.testing;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The reply shapes of the seed protocol, as existing clients parse them. */
public final class ReplyAssertions {

    private ReplyAssertions() {
    }

    /** A failure: the four keys in order, an integer status, a message, empty data. */
    public static void assertFailure(JsonObject reply, int code, String context) {
        assertEquals(List.of("id", "status", "errmsg", "data"), List.copyOf(reply.keySet()), context);
        assertEquals(JsonValue.ValueType.NUMBER, reply.get("status").getValueType(), context + ": " + reply);
        assertEquals(code, reply.getInt("status"), context + ": " + reply);
        assertFalse(reply.getString("errmsg").isBlank(), context);
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, reply.getJsonObject("data"), context);
    }
}
