package org.captchaws.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireTest {

    @Test
    void requestsAreTheSeedsEnvelopes() {
        assertEquals(json("""
                {"id":"a-1","status":"","type":"captcha","subtype":"img","data":{"action":"generate"}}"""),
                json(Wire.generateImage("a-1")));
        assertEquals(json("""
                {"id":"a-2","status":"","type":"captcha","subtype":"img","data":{"action":"verify","addr":"x.png","answer":"N4F"}}"""),
                json(Wire.verifyImage("a-2", "x.png", "N4F")));
        assertEquals(json("""
                {"id":"a-3","status":"","type":"captcha","subtype":"sms","data":{"action":"generate","phone":"13711112222"}}"""),
                json(Wire.sendSms("a-3", "13711112222")));
        assertEquals(json("""
                {"id":"a-4","status":"","type":"captcha","subtype":"sms","data":{"action":"verify","phone":"13711112222","code":"8846"}}"""),
                json(Wire.verifySms("a-4", "13711112222", "8846")));
    }

    @Test
    void whateverTheInputHoldsItStaysAString() {
        String answer = "\"},\"action\":\"generate\\\n\u0000中";

        JsonObject request = json(Wire.verifyImage("a-5", "x.png", answer));

        assertEquals(answer, request.getJsonObject("data").getString("answer"));
        assertEquals("verify", request.getJsonObject("data").getString("action"));
    }

    @Test
    void successHasTheStringStatusZero() {
        Wire.Reply reply = Wire.parse("""
                {"id":"a-1","status":"0","errmsg":"successful","data":{"title":"N4Fsx","addr":"1ed3.png"}}""");

        assertTrue(reply.ok());
        assertEquals("a-1", reply.id());
        assertEquals("N4Fsx", reply.text("title"));
        assertEquals("1ed3.png", reply.text("addr"));
        assertNull(reply.text("phone"));
    }

    @Test
    void failureHasAnIntegerStatus() {
        Wire.Reply reply = Wire.parse("""
                {"id":"a-1","status":1016,"errmsg":"手机号格式错误","data":{}}""");

        assertEquals(1016, reply.status());
        assertEquals("手机号格式错误", reply.errmsg());
    }

    @Test
    void aStatusOutsideTheProtocolIsABadReplyForItsRequest() {
        for (String status : new String[]{"\"1016\"", "0", "1.5", "null", "true"}) {
            Wire.Reply reply = Wire.parse("{\"id\":\"a-1\",\"status\":" + status + ",\"errmsg\":\"x\",\"data\":{}}");
            assertEquals(CaptchaServiceException.BAD_REPLY, reply.status(), status);
            assertEquals("a-1", reply.id(), status);
        }
    }

    @Test
    void whatIsNotAnObjectMatchesNoRequest() {
        assertNull(Wire.parse("not json"));
        assertNull(Wire.parse("[1,2]"));
        assertNull(Wire.parse("\"text\""));
        assertNull(Wire.parse("{\"id\":12,\"status\":\"0\"}").id(), "our ids are strings");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
