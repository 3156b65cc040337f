package org.captchaws.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import org.captchaws.failure.ErrorCode;

import java.io.StringReader;

/**
 * Turns a text frame into a {@link Request}, checking the envelope before trusting it.
 *
 * <p>Every text frame is accepted here so that every frame gets a reply: a frame that is not
 * a usable request fails with a {@link DecodeException} whose cause is an
 * {@link InvalidRequestException} naming the error code and the id read from the frame. The
 * endpoint's error handler answers with it.
 */
public class RequestDecoder extends JsonbCodec implements Decoder.Text<Request> {

    /**
     * Looked up once: {@code Json.createParser} looks the provider up with a {@code ServiceLoader}
     * scan of the class path on every call (about 50 us), and malformed frames come as fast as a
     * client sends them.
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final int maxMessageBytes;

    /**
     * Made by the endpoint, which has the application's Jsonb and settings injected: no lookup
     * when a connection opens.
     */
    RequestDecoder(Jsonb jsonb, int maxMessageBytes) {
        super(jsonb);
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    @Override
    public Request decode(String text) throws DecodeException {
        try {
            if (utf8LengthExceeds(text, maxMessageBytes)) {
                throw new FrameTooLargeException();
            }
            return toRequest(parse(text));
        } catch (InvalidRequestException e) {
            throw new DecodeException(text, e.getMessage(), e);
        }
    }

    private JsonValue parse(String text) throws InvalidRequestException {
        JsonValue value;
        try {
            value = jsonb.fromJson(text, JsonValue.class);
        } catch (JsonbException | JsonParsingException e) {
            throw new InvalidRequestException(readIdLeniently(text), ErrorCode.MALFORMED_JSON);
        }
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidRequestException(JsonValue.NULL, ErrorCode.NOT_AN_OBJECT);
        }
        return value;
    }

    private static Request toRequest(JsonValue value) throws InvalidRequestException {
        JsonObject envelope = value.asJsonObject();
        JsonValue id = envelope.getOrDefault("id", JsonValue.NULL);
        String type = requireString(id, envelope, "type", "type");
        String subtype = requireString(id, envelope, "subtype", "subtype");
        JsonValue data = envelope.get("data");
        if (data == null || data.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidRequestException(id, ErrorCode.BAD_FIELD, "data");
        }
        String action = requireString(id, data.asJsonObject(), "action", "data.action");
        return new Request(id, type, subtype, action, data.asJsonObject());
    }

    private static String requireString(JsonValue id, JsonObject object, String key, String path)
            throws InvalidRequestException {
        JsonValue value = object.get(key);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw new InvalidRequestException(id, ErrorCode.BAD_FIELD, path);
    }

    /** Whether the text's UTF-8 form is longer than {@code limit} bytes, without encoding it. */
    static boolean utf8LengthExceeds(String text, int limit) {
        if (text.length() <= limit / 3) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            if (bytes > limit) {
                return true;
            }
        }
        return false;
    }

    /**
     * The id of a frame that is not valid JSON, when it stands complete before the point where
     * the JSON breaks (as in a truncated frame); otherwise null.
     */
    static JsonValue readIdLeniently(String text) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            int depth = 0;
            boolean nextIsId = false;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (nextIsId) {
                            return event == JsonParser.Event.START_OBJECT ? parser.getObject() : parser.getArray();
                        }
                        depth++;
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> {
                        nextIsId = depth == 1 && "id".equals(parser.getString());
                        continue;
                    }
                    default -> {
                        if (nextIsId) {
                            return parser.getValue();
                        }
                    }
                }
                nextIsId = false;
            }
        } catch (RuntimeException unreadable) {
            // The frame breaks before a complete id: there is none to echo.
        }
        return JsonValue.NULL;
    }
}
