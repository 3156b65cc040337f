package org.captchaws.store;

import jakarta.json.JsonObject;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.captchaws.testing.Envelopes.generateImage;
import static org.captchaws.testing.Envelopes.sendSms;
import static org.captchaws.testing.Envelopes.verifyImage;
import static org.captchaws.testing.Envelopes.verifySms;
import static org.captchaws.testing.ReplyAssertions.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the service behind one Redis, as behind a load balancer: the same WAR
 * deployed twice under different context roots (in one WildFly, or in two Payara Micros),
 * sharing a real redis-server, a verification secret and an images folder.
 */
@ExtendWith(ArquillianExtension.class)
class RedisIT {

    private static final Path IMAGES = Path.of(System.getProperty("it.work-dir", "target"), "shared-images");
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(1500);
    /** A budget of three sends an hour, counted under a key prefix of its own. */
    private static final String BUDGET = """
            captcha.redis.key-prefix=budget:
            captcha.sms.min-interval-seconds=0
            captcha.sms.max-total-per-hour=3
            """;

    private static RedisServerProcess redis;

    @Deployment(name = "a", testable = false)
    static WebArchive instanceA() {
        return instance("captcha-a");
    }

    @Deployment(name = "b", testable = false)
    static WebArchive instanceB() {
        return instance("captcha-b");
    }

    /** Two more instances, with a small budget. */
    @Deployment(name = "budget-a", testable = false)
    static WebArchive budgetA() {
        return instance("captcha-budget-a", BUDGET);
    }

    @Deployment(name = "budget-b", testable = false)
    static WebArchive budgetB() {
        return instance("captcha-budget-b", BUDGET);
    }

    private static WebArchive instance(String contextRoot) {
        return instance(contextRoot, "");
    }

    private static WebArchive instance(String contextRoot, String moreConfig) {
        return Deployments.builtWarWith(contextRoot, """
                captcha.store=redis
                captcha.redis.uri=%s
                captcha.redis.timeout-millis=%d
                captcha.verify.secret=the same secret on every instance
                captcha.image.dir=%s
                captcha.sms.provider=log
                """.formatted(redis().uri(), REDIS_TIMEOUT.toMillis(), IMAGES.toAbsolutePath()) + moreConfig);
    }

    private static synchronized RedisServerProcess redis() {
        if (redis == null) {
            try {
                redis = RedisServerProcess.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start redis-server", e);
            }
        }
        return redis;
    }

    @AfterAll
    static void stopRedis() {
        redis().close();
    }

    @ArquillianResource
    @OperateOnDeployment("a")
    URL a;

    @ArquillianResource
    @OperateOnDeployment("b")
    URL b;

    @ArquillianResource
    @OperateOnDeployment("budget-a")
    URL budgetA;

    @ArquillianResource
    @OperateOnDeployment("budget-b")
    URL budgetB;

    @Test
    void anImageCaptchaFromOneInstanceVerifiesOnTheOther() throws Exception {
        try (WsClient onA = WsClient.connect(a); WsClient onB = WsClient.connect(b)) {
            JsonObject image = onA.call(generateImage("g")).getJsonObject("data");
            String addr = image.getString("addr");

            assertFailure(onB.call(verifyImage(addr, "wrong")), 2001, "a wrong answer on B");
            assertEquals("0", onB.call(verifyImage(addr, image.getString("title"))).getString("status"));
            assertFalse(Files.exists(IMAGES.resolve(addr)), "B deleted A's image in the shared folder");
            assertFailure(onA.call(verifyImage(addr, image.getString("title"))), 2002, "used, seen on A");
        }
    }

    @Test
    void smsCodesAndLimitsAreShared() throws Exception {
        try (WsClient onA = WsClient.connect(a); WsClient onB = WsClient.connect(b)) {
            String code = onA.call(sendSms("13722220001")).getJsonObject("data").getString("title");

            assertFailure(onB.call(sendSms("13722220001")), 1023, "the interval holds across instances");
            assertEquals("0", onB.call(verifySms("13722220001", code)).getString("status"));
        }
    }

    @Test
    void theBudgetIsSharedThreeOnAAndBTogetherAndTheFourthIsRefusedOnEither() throws Exception {
        try (WsClient onA = WsClient.connect(budgetA); WsClient onB = WsClient.connect(budgetB)) {
            assertEquals("0", onA.call(sendSms("13722230001")).getString("status"));
            assertEquals("0", onB.call(sendSms("13722230002")).getString("status"));
            assertEquals("0", onA.call(sendSms("13722230003")).getString("status"));

            assertFailure(onB.call(sendSms("13722230004")), 5004, "the fourth send, on B");
            assertFailure(onA.call(sendSms("13722230004")), 5004, "the fourth send, on A");
        }
    }

    @Test
    void withRedisDownRequestsFailInTimeAndRecoverWhenItIsBack() throws Exception {
        try (WsClient client = WsClient.connect(a)) {
            redis().stop();
            try {
                Instant asked = Instant.now();
                JsonObject reply = client.call(generateImage("g"));
                Duration took = Duration.between(asked, Instant.now());

                assertFailure(reply, 5002, "Redis down");
                assertTrue(took.compareTo(REDIS_TIMEOUT.multipliedBy(4)) < 0, "failed within the timeout: " + took);
                assertFailure(client.call(sendSms("13722220002")), 5002, "SMS with Redis down");
            } finally {
                redis().restart();
            }

            JsonObject generated = client.call(generateImage("g"));
            assertEquals("0", generated.getString("status"), "the first request after Redis is back succeeds");
            JsonObject image = generated.getJsonObject("data");
            assertEquals("0", client.call(verifyImage(image.getString("addr"), image.getString("title")))
                    .getString("status"), "recovered without a restart");
        }
    }
}
