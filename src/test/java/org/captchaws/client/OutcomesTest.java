package org.captchaws.client;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure mappings: verify statuses to outcomes, codes to retryability, the endpoint to the images' URL. */
class OutcomesTest {

    @Test
    void verifyStatusesAreOutcomes() {
        assertEquals(Verification.RIGHT, Verification.of(0));
        assertEquals(Verification.WRONG, Verification.of(2001));
        assertEquals(Verification.EXPIRED_OR_USED, Verification.of(2002));
        assertEquals(Verification.TOO_MANY_ATTEMPTS, Verification.of(2003));
        for (int failure : new int[]{1016, 4002, 5000, 5002, CaptchaServiceException.BAD_REPLY}) {
            assertNull(Verification.of(failure), "a failure, not an outcome: " + failure);
        }
    }

    @Test
    void retryableAreTheServicesTransientTroubleAndTheConnections() {
        for (int code : new int[]{5002, 5003, CaptchaServiceException.TIMEOUT, CaptchaServiceException.CONNECTION_LOST,
                CaptchaServiceException.UNAVAILABLE}) {
            assertTrue(new CaptchaServiceException(code, "x", "id").isRetryable(), String.valueOf(code));
        }
        for (int code : new int[]{1000, 1006, 1016, 1023, 1024, 1025, 2001, 4000, 4002, 4006, 5000,
                CaptchaServiceException.KEY_REFUSED, CaptchaServiceException.NOT_ALLOWED, CaptchaServiceException.CLOSED,
                CaptchaServiceException.BAD_REPLY}) {
            assertFalse(new CaptchaServiceException(code, "x", "id").isRetryable(), String.valueOf(code));
        }
    }

    @Test
    void theExceptionCarriesCodeMessageAndRequest() {
        CaptchaServiceException failure = new CaptchaServiceException(1016, "手机号格式错误", "k-7");

        assertEquals(1016, failure.code());
        assertEquals("手机号格式错误", failure.errmsg());
        assertEquals("k-7", failure.requestId());
        assertEquals("手机号格式错误 (code 1016, request k-7)", failure.getMessage());
        assertEquals("k-8", failure.forRequest("k-8").requestId());
        assertEquals(1016, failure.forRequest("k-8").code());
    }

    @Test
    void imagesAreServedBesideTheEndpointOverHttp() {
        assertEquals(URI.create("http://127.0.0.1:8080/captcha/images/ab.png"),
                CaptchaClient.imagesBase(URI.create("ws://127.0.0.1:8080/captcha/ws")).resolve("images/ab.png"));
        assertEquals(URI.create("https://captcha.example/captcha/images/ab.png"),
                CaptchaClient.imagesBase(URI.create("wss://captcha.example/captcha/ws")).resolve("images/ab.png"));
        assertEquals(URI.create("http://[::1]:8180/other/images/ab.png"),
                CaptchaClient.imagesBase(URI.create("WS://[::1]:8180/other/ws")).resolve("images/ab.png"));
    }

    @Test
    void theEndpointMustBeAWebSocketUri() {
        CaptchaClient.Builder builder = CaptchaClient.builder();

        assertThrows(IllegalArgumentException.class, () -> builder.endpoint(URI.create("http://127.0.0.1:8080/captcha/ws")));
        assertThrows(IllegalArgumentException.class, () -> builder.endpoint(URI.create("/captcha/ws")));
        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(IllegalArgumentException.class, () -> builder.connections(0));
        assertThrows(IllegalArgumentException.class, () -> builder.requestTimeout(java.time.Duration.ZERO));
    }
}
