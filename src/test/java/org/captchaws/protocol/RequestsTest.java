package org.captchaws.protocol;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operation's fields read from a request's data: the right JSON type, or 4002 naming the field. */
class RequestsTest {

    @Test
    void aRequiredStringIsItsText() throws CaptchaException {
        assertEquals("abc", Requests.requireString(data("{\"addr\":\"abc\"}"), "addr"));
        assertEquals("", Requests.requireString(data("{\"addr\":\"\"}"), "addr"));
    }

    @Test
    void aRequiredStringMissingOrOfAnotherTypeIs4002NamingIt() {
        for (String json : new String[]{"{}", "{\"addr\":null}", "{\"addr\":12}", "{\"addr\":true}", "{\"addr\":[\"a\"]}",
                "{\"addr\":{\"a\":1}}", "{\"other\":\"abc\"}"}) {
            assertBadField("addr", () -> Requests.requireString(data(json), "addr"), json);
        }
    }

    @Test
    void anOptionalStringIsEmptyOnlyWhenAbsent() throws CaptchaException {
        assertEquals(Optional.empty(), Requests.optionalString(data("{}"), "kind"));
        assertEquals(Optional.of("gif"), Requests.optionalString(data("{\"kind\":\"gif\"}"), "kind"));
        for (String json : new String[]{"{\"kind\":null}", "{\"kind\":3}", "{\"kind\":false}"}) {
            assertBadField("kind", () -> Requests.optionalString(data(json), "kind"), json);
        }
    }

    @Test
    void anOptionalFlagIsFalseWhenAbsentAndOnlyTrueOrFalseOtherwise() throws CaptchaException {
        assertFalse(Requests.optionalFlag(data("{}"), "inline"));
        assertTrue(Requests.optionalFlag(data("{\"inline\":true}"), "inline"));
        assertFalse(Requests.optionalFlag(data("{\"inline\":false}"), "inline"));
        for (String json : new String[]{"{\"inline\":null}", "{\"inline\":\"true\"}", "{\"inline\":1}", "{\"inline\":{}}"}) {
            assertBadField("inline", () -> Requests.optionalFlag(data(json), "inline"), json);
        }
    }

    @Test
    void badFieldIs4002WithTheFieldsPath() {
        CaptchaException error = Requests.badField("client_ip");

        assertEquals(ErrorCode.BAD_FIELD.code(), error.code());
        assertEquals(ErrorCode.BAD_FIELD.message() + ": data.client_ip", error.getMessage());
    }

    private interface Read {
        Object run() throws CaptchaException;
    }

    private static void assertBadField(String name, Read read, String json) {
        CaptchaException error = assertThrows(CaptchaException.class, read::run, json);
        assertEquals(ErrorCode.BAD_FIELD.code(), error.code(), json);
        assertEquals(ErrorCode.BAD_FIELD.message() + ": data." + name, error.getMessage(), json);
    }

    private static JsonObject data(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
