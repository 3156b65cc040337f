package org.captchaws.protocol;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.captchaws.failure.ErrorCode;
import org.captchaws.image.ImageCaptcha;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ReplyEncoderTest {

    private final Jsonb jsonb = JsonbBuilder.create();
    private final ReplyEncoder encoder = new ReplyEncoder(jsonb);

    @BeforeEach
    void init() {
        encoder.init(null);
    }

    @AfterEach
    void destroy() throws Exception {
        encoder.destroy();
        jsonb.close();
    }

    @Test
    void successIsTheSeedsShapeWithAStringStatus() {
        String json = encoder.encode(Reply.success(Json.createValue("123456"),
                new ImageCaptcha("N4Fsx", "1ed39d9793fdddb95ac32512ce0089cb.png")));

        assertEquals("{\"id\":\"123456\",\"status\":\"0\",\"errmsg\":\"successful\","
                + "\"data\":{\"title\":\"N4Fsx\",\"addr\":\"1ed39d9793fdddb95ac32512ce0089cb.png\"}}", json);
    }

    @Test
    void anInlineImageFollowsTheAddress() {
        String json = encoder.encode(Reply.success(Json.createValue("1"),
                new ImageCaptcha("12", "a.png", "data:image/png;base64,iVBORw0KGgo=")));

        assertEquals("{\"id\":\"1\",\"status\":\"0\",\"errmsg\":\"successful\","
                + "\"data\":{\"title\":\"12\",\"addr\":\"a.png\",\"image\":\"data:image/png;base64,iVBORw0KGgo=\"}}", json);
    }

    @Test
    void failureHasAnIntegerStatusAndEmptyData() {
        String json = encoder.encode(Reply.failure(Json.createValue(7), ErrorCode.IMAGE_FILE_FAILED));

        assertEquals("{\"id\":7,\"status\":1000,\"errmsg\":\"验证码文件创建失败\",\"data\":{}}", json);
    }

    @Test
    void anUnreadableIdIsWrittenAsNull() {
        String json = encoder.encode(Reply.failure(JsonValue.NULL, ErrorCode.MALFORMED_JSON));

        assertEquals("{\"id\":null,\"status\":4000,\"errmsg\":\"请求不是合法的JSON\",\"data\":{}}", json);
        assertEquals(json, encoder.encode(Reply.failure(null, ErrorCode.MALFORMED_JSON)));
    }

    @Test
    void idsOfEveryJsonTypeAreEchoedAsSent() {
        for (String id : new String[]{"\"abc\"", "12345", "1.5e3", "9007199254740993", "{\"a\":[1]}", "true"}) {
            JsonValue value = Json.createReader(new java.io.StringReader(id)).readValue();
            String json = encoder.encode(Reply.failure(value, ErrorCode.UNKNOWN_TYPE));
            JsonValue echoed = Json.createReader(new java.io.StringReader(json)).readObject().get("id");
            assertEquals(value, echoed, id);
            assertEquals(value.getValueType(), echoed.getValueType(), id);
        }
    }

    /** The Jsonb is the application's: a connection's codec ends, the Jsonb serves on. */
    @Test
    void aCodecUsesTheSharedJsonbAndLeavesItOpen() {
        boolean[] closed = {false};
        Jsonb shared = (Jsonb) Proxy.newProxyInstance(Jsonb.class.getClassLoader(), new Class<?>[]{Jsonb.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed[0] = true;
                        return null;
                    }
                    return method.invoke(jsonb, args);
                });
        ReplyEncoder connection = new ReplyEncoder(shared);
        connection.init(null);

        String json = connection.encode(Reply.failure(Json.createValue(1), ErrorCode.BUSY));
        connection.destroy();

        assertEquals("{\"id\":1,\"status\":5003,\"errmsg\":\"服务繁忙，请稍后重试\",\"data\":{}}", json);
        assertFalse(closed[0], "closed with the connection");
    }
}
