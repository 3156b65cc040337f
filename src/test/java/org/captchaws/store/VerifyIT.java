package org.captchaws.store;

import jakarta.json.JsonObject;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.captchaws.testing.Envelopes.generateImage;
import static org.captchaws.testing.Envelopes.sendSms;
import static org.captchaws.testing.Envelopes.verifyImage;
import static org.captchaws.testing.Envelopes.verifySms;
import static org.captchaws.testing.ReplyAssertions.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verification in the service, in the server, with the in-memory store: image and SMS answers,
 * single use, attempts, expiry, and the images folder kept clean. A short TTL and a fast
 * cleanup make expiry observable in seconds.
 */
@ExtendWith(ArquillianExtension.class)
class VerifyIT {

    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Path IMAGES = Path.of(System.getProperty("it.work-dir", "target"), "verify-images");
    /** A file as an earlier run would have left it: an image name, written a day ago. */
    private static final String LEFT_OVER = "0123456789abcdef0123456789abcdef.png";

    @Deployment(testable = false)
    static WebArchive captcha() {
        leaveAFileFromAnEarlierRun();
        return Deployments.builtWarWith("captcha-verify", """
                captcha.image.dir=%s
                captcha.verify.ttl-seconds=%d
                captcha.cleanup.interval-seconds=1
                captcha.sms.provider=log
                captcha.sms.min-interval-seconds=0
                """.formatted(IMAGES.toAbsolutePath(), TTL.toSeconds()));
    }

    private static void leaveAFileFromAnEarlierRun() {
        try {
            Files.createDirectories(IMAGES);
            Path old = Files.write(IMAGES.resolve(LEFT_OVER), new byte[]{1});
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ArquillianResource
    URL captcha;

    @Test
    void aRightAnswerInAnyCasePassesOnceAndItsImageIsDeleted() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject image = client.call(generateImage("g")).getJsonObject("data");
            String addr = image.getString("addr");
            assertTrue(Files.exists(IMAGES.resolve(addr)));

            JsonObject reply = client.call(verifyImage(addr, " " + image.getString("title").toUpperCase() + " "));

            assertEquals(List.of("id", "status", "errmsg", "data"), List.copyOf(reply.keySet()));
            assertEquals("v", reply.getString("id"));
            assertEquals("0", reply.getString("status"));
            assertEquals("successful", reply.getString("errmsg"));
            assertEquals(0, reply.getJsonObject("data").size());
            assertFalse(Files.exists(IMAGES.resolve(addr)), "a used captcha's image is deleted at once");

            assertFailure(client.call(verifyImage(addr, image.getString("title"))), 2002, "reused");
        }
    }

    @Test
    void wrongAnswersCountAndTheSixthAttemptIsRefused() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject image = client.call(generateImage("g")).getJsonObject("data");
            String addr = image.getString("addr");
            for (int i = 0; i < 5; i++) {
                JsonObject wrong = client.call(verifyImage(addr, "wrong"));
                assertFailure(wrong, 2001, "wrong answer " + (i + 1));
                assertEquals("验证码错误", wrong.getString("errmsg"));
            }

            assertFailure(client.call(verifyImage(addr, image.getString("title"))), 2003,
                    "right, but after five wrong answers");
        }
    }

    @Test
    void anUnknownCaptchaAndMissingFieldsAreRefused() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            assertFailure(client.call(verifyImage("ffffffffffffffffffffffffffffffff.png", "x")), 2002, "unknown");
            assertFailure(client.call(verifyImage("../../etc/passwd", "x")), 2002, "not an image name");
            assertFailure(client.call("""
                    {"id":"v","type":"captcha","subtype":"img","data":{"action":"verify","addr":"a.png"}}"""),
                    4002, "no answer");
            assertFailure(client.call("""
                    {"id":"v","type":"captcha","subtype":"sms","data":{"action":"verify","phone":"13711112222","code":8846}}"""),
                    4002, "a numeric code");
        }
    }

    @Test
    void anExpiredCaptchaIsRefusedAndItsImageCleanedUp() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            JsonObject image = client.call(generateImage("g")).getJsonObject("data");
            Path file = IMAGES.resolve(image.getString("addr"));

            Eventually.await(TTL.multipliedBy(5), "the expired image is deleted", () -> !Files.exists(file));

            assertFailure(client.call(verifyImage(image.getString("addr"), image.getString("title"))),
                    2002, "expired");
        }
    }

    @Test
    void filesLeftByAnEarlierRunAreCleanedUp() throws Exception {
        Eventually.await(Duration.ofSeconds(10), "the left-over file is deleted",
                () -> !Files.exists(IMAGES.resolve(LEFT_OVER)));
    }

    @Test
    void anSmsCodeVerifiesOnceUnderAnySpellingOfTheNumber() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            String code = client.call(sendSms("13711110001")).getJsonObject("data").getString("title");

            assertFailure(client.call(verifySms("13711110001", wrongCode(code))), 2001, "wrong code");
            assertEquals("0", client.call(verifySms("+8613711110001", code)).getString("status"));
            assertFailure(client.call(verifySms("13711110001", code)), 2002, "used");
            assertFailure(client.call(verifySms("1371111", code)), 1016, "a bad number");
        }
    }

    @Test
    void aNewSmsCodeReplacesThePreviousOne() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            String first = client.call(sendSms("13711110002")).getJsonObject("data").getString("title");
            String second = client.call(sendSms("13711110002")).getJsonObject("data").getString("title");

            if (!first.equals(second)) {
                assertFailure(client.call(verifySms("13711110002", first)), 2001, "the replaced code");
            }
            assertEquals("0", client.call(verifySms("13711110002", second)).getString("status"));
        }
    }

    @Test
    void tooManyWrongSmsCodesKillTheCodeAndAnExpiredOneIsGone() throws Exception {
        try (WsClient client = WsClient.connect(captcha)) {
            String code = client.call(sendSms("13711110003")).getJsonObject("data").getString("title");
            for (int i = 0; i < 5; i++) {
                assertFailure(client.call(verifySms("13711110003", wrongCode(code))), 2001, "wrong " + i);
            }
            assertFailure(client.call(verifySms("13711110003", code)), 2003, "after five wrong");

            String expiring = client.call(sendSms("13711110004")).getJsonObject("data").getString("title");
            Instant sent = Instant.now();
            Eventually.await(TTL.multipliedBy(3), "the TTL passes", () -> Instant.now().isAfter(sent.plus(TTL)));
            assertFailure(client.call(verifySms("13711110004", expiring)), 2002, "expired");
        }
    }

    private static String wrongCode(String code) {
        return code.equals("0000") ? "1111" : "0000";
    }
}
