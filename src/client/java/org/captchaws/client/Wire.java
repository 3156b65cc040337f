package org.captchaws.client;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;

/** The protocol's envelopes, written and read with JSON-P: requests in the seed's shape, replies as the service sends them. */
final class Wire {

    // One provider for the client's life: Json.createXxx looks the provider up on every call.
    private static final JsonProvider JSON = JsonProvider.provider();

    private Wire() {
    }

    /**
     * A reply: {@code status} is the string "0" on success (here 0) and an integer code on failure.
     *
     * @param id the request id it answers; null when it has none that is a string
     */
    record Reply(String id, int status, String errmsg, JsonObject data) {
        boolean ok() {
            return status == 0;
        }

        /** A string field of {@code data}; null when it is missing. */
        String text(String field) {
            JsonValue value = data.get(field);
            return value instanceof JsonString string ? string.getString() : null;
        }
    }

    static String generateImage(String id) {
        return envelope(id, "img", JSON.createObjectBuilder().add("action", "generate"));
    }

    static String generateImage(String id, ImageKind kind, boolean inline) {
        JsonObjectBuilder data = JSON.createObjectBuilder().add("action", "generate").add("kind", kind.wireName());
        if (inline) {
            data.add("inline", true);
        }
        return envelope(id, "img", data);
    }

    static String verifyImage(String id, String addr, String answer) {
        return envelope(id, "img", JSON.createObjectBuilder().add("action", "verify").add("addr", addr).add("answer", answer));
    }

    static String sendSms(String id, String phone) {
        return envelope(id, "sms", JSON.createObjectBuilder().add("action", "generate").add("phone", phone));
    }

    static String verifySms(String id, String phone, String code) {
        return envelope(id, "sms", JSON.createObjectBuilder().add("action", "verify").add("phone", phone).add("code", code));
    }

    private static String envelope(String id, String subtype, JsonObjectBuilder data) {
        return JSON.createObjectBuilder()
                .add("id", id)
                .add("status", "")
                .add("type", "captcha")
                .add("subtype", subtype)
                .add("data", data)
                .build()
                .toString();
    }

    /**
     * Reads a reply. One whose id can be read but whose status cannot comes back with
     * {@link CaptchaServiceException#BAD_REPLY}, so its request fails rather than waits.
     *
     * @return null when the text is not a JSON object at all: nothing to match it to
     */
    static Reply parse(String text) {
        JsonObject reply;
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                return null;
            }
            reply = object;
        } catch (JsonException e) {
            return null;
        }
        String id = reply.get("id") instanceof JsonString string ? string.getString() : null;
        String errmsg = reply.get("errmsg") instanceof JsonString string ? string.getString() : "";
        JsonObject data = reply.get("data") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        JsonValue status = reply.get("status");
        if (status instanceof JsonString string && string.getString().equals("0")) {
            return new Reply(id, 0, errmsg, data);
        }
        if (status instanceof JsonNumber number && number.isIntegral() && number.intValue() != 0) {
            return new Reply(id, number.intValue(), errmsg, data);
        }
        return new Reply(id, CaptchaServiceException.BAD_REPLY, "unreadable reply status: " + status, data);
    }
}
