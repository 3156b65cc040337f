package org.captchaws.protocol;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OperationsTest {

    private final Operation generate = data -> Map.of("title", "abc");
    private final Executor executor = Runnable::run;
    private final Operations operations = new Operations().add("captcha", "img", "generate", executor, generate);

    @Test
    void findsTheOperationByTypeSubtypeAndAction() throws CaptchaException {
        Operations.Route route = operations.find(request("captcha", "img", "generate"));

        assertSame(generate, route.operation());
        assertSame(executor, route.executor());
    }

    @Test
    void eachUnknownNameHasItsOwnCode() {
        assertEquals(ErrorCode.UNKNOWN_TYPE.code(), refusal(request("user", "img", "generate")).code());
        assertEquals(ErrorCode.UNKNOWN_SUBTYPE.code(), refusal(request("captcha", "voice", "generate")).code());
        assertEquals(ErrorCode.UNKNOWN_ACTION.code(), refusal(request("captcha", "img", "delete")).code());
        assertEquals("未知的操作: delete", refusal(request("captcha", "img", "delete")).getMessage());
    }

    @Test
    void aSuccessCarriesTheOperationsData() {
        Reply reply = Operations.run(generate, request("captcha", "img", "generate"));

        assertEquals(Reply.success(Json.createValue("id-1"), Map.of("title", "abc")), reply);
    }

    @Test
    void aCaptchaExceptionBecomesItsFailureReply() {
        Operation failing = data -> {
            throw new CaptchaException(ErrorCode.IMAGE_FILE_FAILED, new java.io.IOException("disk full"));
        };

        Reply reply = Operations.run(failing, request("captcha", "img", "generate"));

        assertEquals(1000, reply.status());
        assertEquals("验证码文件创建失败", reply.errmsg());
    }

    @Test
    void anythingUnexpectedBecomesTheGenericCodeWithoutDetails() {
        Operation broken = data -> {
            throw new IllegalStateException("secret internals at org.example.Foo");
        };

        Reply reply = Operations.run(broken, request("captcha", "img", "generate"));

        assertEquals(ErrorCode.INTERNAL_ERROR.code(), reply.status());
        assertEquals(ErrorCode.INTERNAL_ERROR.message(), reply.errmsg());
        assertEquals(Json.createValue("id-1"), reply.id());
    }

    private static Request request(String type, String subtype, String action) {
        JsonObject data = Json.createObjectBuilder().add("action", action).build();
        return new Request(Json.createValue("id-1"), type, subtype, action, data);
    }

    private CaptchaException refusal(Request request) {
        return assertThrows(CaptchaException.class, () -> operations.find(request));
    }
}
