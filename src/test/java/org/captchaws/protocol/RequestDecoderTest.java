package org.captchaws.protocol;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.DecodeException;
import org.captchaws.failure.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestDecoderTest {

    private final Jsonb jsonb = JsonbBuilder.create();
    private final RequestDecoder decoder = new RequestDecoder(jsonb, 64 * 1024);

    @BeforeEach
    void init() {
        decoder.init(null);
    }

    @AfterEach
    void destroy() throws Exception {
        decoder.destroy();
        jsonb.close();
    }

    @Test
    void decodesTheSeedRequest() throws DecodeException {
        Request request = decoder.decode("""
                {"id":"123456","status":"","type":"captcha","subtype":"img","data":{"action":"generate"}}""");

        assertEquals(Json.createValue("123456"), request.id());
        assertEquals("captcha", request.type());
        assertEquals("img", request.subtype());
        assertEquals("generate", request.action());
    }

    @Test
    void keepsTheIdsJsonType() throws DecodeException {
        Request request = decoder.decode("""
                {"id":9007199254740993,"type":"captcha","subtype":"img","data":{"action":"generate"}}""");

        assertEquals(JsonValue.ValueType.NUMBER, request.id().getValueType());
        assertEquals("9007199254740993", request.id().toString());
    }

    @Test
    void ignoresUnknownFieldsAndTheRequestStatus() throws DecodeException {
        Request request = decoder.decode("""
                {"id":"a","status":7,"extra":[1,{"x":null}],"type":"captcha","subtype":"img",
                 "data":{"action":"generate","more":true}}""");

        assertEquals("generate", request.action());
    }

    @Test
    void aMissingIdBecomesNull() throws DecodeException {
        Request request = decoder.decode("""
                {"type":"captcha","subtype":"img","data":{"action":"generate"}}""");

        assertEquals(JsonValue.NULL, request.id());
    }

    @Test
    void malformedJson() {
        InvalidRequestException refused = refused("{\"id\":\"x\",");

        assertEquals(ErrorCode.MALFORMED_JSON.code(), refused.code());
        assertEquals(Json.createValue("x"), refused.id(), "the id before the break is echoed");
    }

    @Test
    void malformedJsonWithoutAReadableId() {
        assertEquals(JsonValue.NULL, refused("{not json").id());
        assertEquals(JsonValue.NULL, refused("{\"data\":{\"id\":\"inner\"},").id(), "only a top-level id counts");
        assertEquals(JsonValue.NULL, refused("").id());
    }

    @Test
    void nonObjects() {
        for (String text : new String[]{"[1,2]", "\"text\"", "42", "null", "true"}) {
            InvalidRequestException refused = refused(text);
            assertEquals(ErrorCode.NOT_AN_OBJECT.code(), refused.code(), text);
            assertEquals(JsonValue.NULL, refused.id(), text);
        }
    }

    @Test
    void missingOrMistypedFieldsAreNamed() {
        String[][] cases = {
                {"{\"id\":1,\"subtype\":\"img\",\"data\":{\"action\":\"generate\"}}", "type"},
                {"{\"id\":1,\"type\":5,\"subtype\":\"img\",\"data\":{\"action\":\"generate\"}}", "type"},
                {"{\"id\":1,\"type\":\"captcha\",\"data\":{\"action\":\"generate\"}}", "subtype"},
                {"{\"id\":1,\"type\":\"captcha\",\"subtype\":null,\"data\":{\"action\":\"generate\"}}", "subtype"},
                {"{\"id\":1,\"type\":\"captcha\",\"subtype\":\"img\"}", "data"},
                {"{\"id\":1,\"type\":\"captcha\",\"subtype\":\"img\",\"data\":\"generate\"}", "data"},
                {"{\"id\":1,\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{}}", "data.action"},
                {"{\"id\":1,\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{\"action\":[]}}", "data.action"},
        };
        for (String[] c : cases) {
            InvalidRequestException refused = refused(c[0]);
            assertEquals(ErrorCode.BAD_FIELD.code(), refused.code(), c[0]);
            assertEquals(ErrorCode.BAD_FIELD.message() + ": " + c[1], refused.getMessage(), c[0]);
            assertEquals(Json.createValue(1), refused.id(), c[0]);
        }
    }

    @Test
    void aFrameOverTheLimitIsRefusedAsTooLarge() {
        String padding = "x".repeat(64 * 1024);

        assertInstanceOf(FrameTooLargeException.class, refused("{\"pad\":\"" + padding + "\"}"));
    }

    @Test
    void theLimitCountsUtf8Bytes() {
        assertFalse(RequestDecoder.utf8LengthExceeds("a".repeat(12), 12));
        assertTrue(RequestDecoder.utf8LengthExceeds("a".repeat(13), 12));
        assertFalse(RequestDecoder.utf8LengthExceeds("验".repeat(4), 12), "3 bytes each");
        assertTrue(RequestDecoder.utf8LengthExceeds("验".repeat(5), 12));
        assertFalse(RequestDecoder.utf8LengthExceeds("é".repeat(6), 12), "2 bytes each");
        assertTrue(RequestDecoder.utf8LengthExceeds("😀".repeat(4), 12), "4 bytes each");
        assertFalse(RequestDecoder.utf8LengthExceeds("😀".repeat(3), 12));
    }

    @Test
    void theLimitCountsEachCharacterAtItsEncodingBoundary() {
        assertTrue(RequestDecoder.utf8LengthExceeds("\u0080".repeat(3), 5), "U+0080 is 2 bytes");
        assertFalse(RequestDecoder.utf8LengthExceeds("\u007F".repeat(5), 5), "U+007F is 1 byte");
        assertTrue(RequestDecoder.utf8LengthExceeds("\u0800".repeat(2), 5), "U+0800 is 3 bytes");
        assertFalse(RequestDecoder.utf8LengthExceeds("\u07FF".repeat(2), 4), "U+07FF is 2 bytes");
    }

    @Test
    void everyTextFrameIsTakenSoThatEveryFrameGetsAReply() {
        assertTrue(decoder.willDecode("{}"));
        assertTrue(decoder.willDecode("not json"));
        assertTrue(decoder.willDecode(""));
    }

    @Test
    void theIdOfABrokenFrameIsReadPastNestedValuesBeforeIt() {
        assertEquals(Json.createValue(7), RequestDecoder.readIdLeniently("{\"data\":{\"id\":1},\"list\":[{\"id\":2}],\"id\":7,"));
        assertEquals(JsonValue.NULL, RequestDecoder.readIdLeniently("{\"data\":{\"id\":1,"), "an id inside data is not the request's");
    }

    @Test
    void anIdThatIsAnObjectOrAnArrayIsEchoedWhole() {
        assertEquals(Json.createObjectBuilder().add("n", 1).build(), RequestDecoder.readIdLeniently("{\"id\":{\"n\":1},\"type\":"));
        assertEquals(Json.createArrayBuilder().add(1).add("a").build(), RequestDecoder.readIdLeniently("{\"id\":[1,\"a\"],\"type\""));
        assertEquals(JsonValue.NULL, RequestDecoder.readIdLeniently("{\"id\":[1,"), "an id the break cuts short");
    }

    private InvalidRequestException refused(String text) {
        DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(text));
        assertEquals(text, e.getText());
        return assertInstanceOf(InvalidRequestException.class, e.getCause());
    }
}
