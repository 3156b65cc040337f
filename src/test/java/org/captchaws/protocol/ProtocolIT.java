package org.captchaws.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.captchaws.failure.ErrorCode;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URL;
import java.util.List;
import java.util.Set;

import static org.captchaws.testing.Envelopes.generateImage;
import static org.captchaws.testing.Envelopes.generateImageWithJsonId;
import static org.captchaws.testing.ReplyAssertions.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed protocol over the real WebSocket, as an existing Java client speaks it: exact reply
 * shapes, every class of bad input, frame limits.
 */
@ExtendWith(ArquillianExtension.class)
class ProtocolIT {

    private static final String RESTRICTED = "restricted";

    @Deployment(name = "captcha", testable = false)
    static WebArchive captcha() {
        return Deployments.builtWar();
    }

    /** The same WAR with a small frame limit and an images folder that cannot be created. */
    @Deployment(name = RESTRICTED, testable = false)
    static WebArchive restricted() {
        return Deployments.builtWarWith("captcha-restricted", """
                captcha.ws.max-message-size=1024
                captcha.image.dir=/dev/null/images
                """);
    }

    @ArquillianResource
    @OperateOnDeployment("captcha")
    URL captcha;

    @ArquillianResource
    @OperateOnDeployment(RESTRICTED)
    URL restricted;

    @Test
    void theSeedRequestGetsTheSeedReplyWithAStringId() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject reply = client.call(generateImage("123456"));

            assertEquals(List.of("id", "status", "errmsg", "data"), List.copyOf(reply.keySet()));
            assertEquals("123456", reply.getString("id"));
            assertEquals(JsonValue.ValueType.STRING, reply.get("status").getValueType());
            assertEquals("0", reply.getString("status"));
            assertEquals("successful", reply.getString("errmsg"));
            JsonObject data = reply.getJsonObject("data");
            assertEquals(Set.of("title", "addr"), data.keySet());
            assertTrue(data.getString("title").matches("[2-9A-HJ-NP-Za-km-np-z]{5}"), data.getString("title"));
            assertTrue(data.getString("addr").matches("[0-9a-f]{32}\\.png"), data.getString("addr"));
        }
    }

    @Test
    void aNumericIdComesBackAsTheSameNumber() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            for (String id : List.of("12345", "9007199254740993", "-7", "2.5")) {
                JsonObject reply = client.call(generateImageWithJsonId(id));

                JsonValue echoed = reply.get("id");
                assertEquals(JsonValue.ValueType.NUMBER, echoed.getValueType(), id);
                assertEquals(new BigDecimal(id), ((JsonNumber) echoed).bigDecimalValue(), id);
                assertEquals("0", reply.getString("status"), id);
            }
        }
    }

    @Test
    void unknownFieldsAndTheRequestStatusAreIgnored() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject reply = client.call("""
                    {"id":"x","status":"1000","extra":{"nested":[1,2]},"type":"captcha","subtype":"img",
                     "data":{"action":"generate","ignored":true}}""");

            assertEquals("0", reply.getString("status"));
        }
    }

    @Test
    void everyClassOfBadInputGetsItsOwnCodeAndTheConnectionGoesOn() throws Exception {
        Object[][] cases = {
                {"{not json", 4000, JsonValue.NULL},
                {"{\"id\":\"t1\",\"type\":\"captcha\",", 4000, "t1"},
                {"[1,2,3]", 4001, JsonValue.NULL},
                {"\"captcha\"", 4001, JsonValue.NULL},
                {"42", 4001, JsonValue.NULL},
                {"null", 4001, JsonValue.NULL},
                {"{\"id\":\"m1\",\"subtype\":\"img\",\"data\":{\"action\":\"generate\"}}", 4002, "m1"},
                {"{\"id\":\"m2\",\"type\":1,\"subtype\":\"img\",\"data\":{\"action\":\"generate\"}}", 4002, "m2"},
                {"{\"id\":\"m3\",\"type\":\"captcha\",\"data\":{\"action\":\"generate\"}}", 4002, "m3"},
                {"{\"id\":\"m4\",\"type\":\"captcha\",\"subtype\":\"img\"}", 4002, "m4"},
                {"{\"id\":\"m5\",\"type\":\"captcha\",\"subtype\":\"img\",\"data\":[]}", 4002, "m5"},
                {"{\"id\":\"m6\",\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{}}", 4002, "m6"},
                {"{\"id\":\"u1\",\"type\":\"user\",\"subtype\":\"img\",\"data\":{\"action\":\"generate\"}}", 4003, "u1"},
                {"{\"id\":\"u2\",\"type\":\"captcha\",\"subtype\":\"voice\",\"data\":{\"action\":\"generate\"}}", 4004, "u2"},
                {"{\"id\":\"u3\",\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{\"action\":\"drop\"}}", 4005, "u3"},
        };
        try (WsClient client = WsClient.connect(captcha)) {
            for (Object[] c : cases) {
                String frame = (String) c[0];
                String text = client.send(frame).nextText();
                JsonObject reply = WsClient.parse(text);

                assertFailure(reply, (int) c[1], frame);
                Object id = c[2];
                assertEquals(id instanceof String s ? jakarta.json.Json.createValue(s) : id, reply.get("id"), frame);
                assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("org."),
                        "no internals on the wire: " + text);

                assertEquals("0", client.call(generateImage("after")).getString("status"),
                        "a good request after " + frame);
            }
        }
    }

    @Test
    void aBinaryFrameGetsAFailureReplyAndTheConnectionGoesOn() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            client.sendBinary(new byte[]{1, 2, 3});

            JsonObject reply = client.next();
            assertFailure(reply, ErrorCode.BINARY_NOT_SUPPORTED.code(), "binary");
            assertEquals(JsonValue.NULL, reply.get("id"));
            assertEquals("0", client.call(generateImageWithJsonId("1")).getString("status"));
        }
    }

    @Test
    void aFrameOverTheDefaultLimitClosesWith1009AndOthersAreStillServed() throws Exception {
        try (WsClient other = WsClient.connect(captcha); WsClient client = WsClient.connect(captcha)) {
            String nearLimit = paddedRequest(60 * 1024);
            assertEquals("0", client.call(nearLimit).getString("status"), "60 KiB is within the default 64 KiB");

            client.send(paddedRequest(64 * 1024 + 1));

            assertEquals(1009, client.awaitClose());
            assertEquals("0", other.call(generateImage("other")).getString("status"));
        }
        try (WsClient fresh = WsClient.connect(captcha)) {
            assertEquals("0", fresh.call(generateImage("fresh")).getString("status"));
        }
    }

    @Test
    void theFrameLimitIsConfigurable() throws Exception {
        try (WsClient client = WsClient.connect(restricted)) {
            client.send(paddedRequest(2048));

            assertEquals(1009, client.awaitClose());
        }
    }

    @Test
    void anImagesFolderThatCannotBeWrittenGives1000() throws Exception {
        try (WsClient client = WsClient.connect(restricted)) {
            JsonObject reply = client.call(generateImage("f1"));

            assertFailure(reply, 1000, "unwritable folder");
            assertEquals("验证码文件创建失败", reply.getString("errmsg"));
            assertEquals("f1", reply.getString("id"));
        }
    }

    /** A valid generate request padded with an ignored field to exactly {@code size} bytes. */
    static String paddedRequest(int size) {
        String head = "{\"id\":\"big\",\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{\"action\":\"generate\"},\"pad\":\"";
        String tail = "\"}";
        return head + "x".repeat(size - head.length() - tail.length()) + tail;
    }
}
