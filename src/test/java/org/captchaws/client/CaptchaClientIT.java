package org.captchaws.client;

import org.captchaws.testing.Concurrently;
import org.captchaws.testing.Deployments;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.ItKeys;
import org.captchaws.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against the WAR in the server, over the real WebSocket: every operation and
 * outcome, failures as the one exception, pipelining under concurrency, timeouts, a lost
 * connection, pings.
 */
@ExtendWith(ArquillianExtension.class)
class CaptchaClientIT {

    /** The alphabet has no 0: never the answer to an image. */
    private static final String WRONG_ANSWER = "0000";

    @Deployment(testable = false)
    static WebArchive captcha() {
        return Deployments.builtWarWith("captcha-client", "captcha.sms.provider=log\n");
    }

    @ArquillianResource
    URL deployment;

    private final List<CaptchaClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(CaptchaClient::close);
    }

    @Test
    void anImageCaptchaComesWithTheUrlItsImageIsServedAt() throws Exception {
        ImageCaptcha image = client(CaptchaClient.builder()).imageCaptcha();

        assertTrue(image.title().matches("[A-Za-z0-9]{5}"), image.title());
        assertTrue(image.addr().matches("[0-9a-f]{32}\\.png"), image.addr());
        assertEquals(URI.create(deployment + "images/" + image.addr()), image.imageUrl());
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(image.imageUrl()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, served.statusCode());
        assertEquals("image/png", served.headers().firstValue("Content-Type").orElse(""));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(served.body()));
        assertEquals(160, png.getWidth());
        assertEquals(60, png.getHeight());
    }

    @Test
    void everyKindVerifiesWithItsTitleAndInlineIsTheServedFile() throws Exception {
        CaptchaClient client = client(CaptchaClient.builder());
        for (ImageKind kind : ImageKind.values()) {
            ImageCaptcha image = client.imageCaptcha(kind, true);

            HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(image.imageUrl()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String type = kind == ImageKind.GIF ? "image/gif" : "image/png";
            assertEquals(type, served.headers().firstValue("Content-Type").orElse(""), kind.name());
            String prefix = "data:" + type + ";base64,";
            assertTrue(image.dataUrl().startsWith(prefix), kind.name());
            assertArrayEquals(served.body(), java.util.Base64.getDecoder().decode(image.dataUrl().substring(prefix.length())), kind.name());
            assertEquals(Verification.WRONG, client.verifyImage(image.addr(), WRONG_ANSWER), kind.name());
            assertEquals(Verification.RIGHT, client.verifyImage(image.addr(), image.title()), kind.name());
        }
        assertNull(client.imageCaptcha(ImageKind.MATH, false).dataUrl(), "no image unless asked");
        assertTrue(client.imageCaptchaAsync(ImageKind.MATH, false).get(20, TimeUnit.SECONDS).title().matches("\\d+"));
    }

    @Test
    void imageAnswersAreRightOnceThenUsedAndUnknownCaptchasExpired() throws Exception {
        CaptchaClient client = client(CaptchaClient.builder());
        ImageCaptcha image = client.imageCaptchaAsync().get(20, TimeUnit.SECONDS);

        assertEquals(Verification.RIGHT, client.verifyImage(image.addr(), " " + image.title().toLowerCase() + " "));
        assertEquals(Verification.EXPIRED_OR_USED, client.verifyImage(image.addr(), image.title()));
        assertEquals(Verification.EXPIRED_OR_USED, client.verifyImageAsync("0123456789abcdef0123456789abcdef.png", "abcde")
                .get(20, TimeUnit.SECONDS));
    }

    @Test
    void wrongImageAnswersCountUntilTooMany() {
        CaptchaClient client = client(CaptchaClient.builder());
        ImageCaptcha image = client.imageCaptcha();

        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(Verification.WRONG, client.verifyImage(image.addr(), WRONG_ANSWER), "attempt " + attempt);
        }
        assertEquals(Verification.TOO_MANY_ATTEMPTS, client.verifyImage(image.addr(), image.title()));
    }

    @Test
    void anSmsCodeIsRightOnceThenUsed() throws Exception {
        CaptchaClient client = client(CaptchaClient.builder());
        SmsCode sms = client.smsCodeAsync("13711110101").get(20, TimeUnit.SECONDS);

        assertEquals("13711110101", sms.phone());
        assertTrue(sms.code().matches("\\d{4}"), sms.code());
        assertEquals(Verification.WRONG, client.verifySms("13711110101", otherThan(sms.code())));
        assertEquals(Verification.RIGHT, client.verifySmsAsync("13711110101", sms.code()).get(20, TimeUnit.SECONDS));
        assertEquals(Verification.EXPIRED_OR_USED, client.verifySms("13711110101", sms.code()));
    }

    @Test
    void wrongSmsCodesCountUntilTooMany() {
        CaptchaClient client = client(CaptchaClient.builder());
        SmsCode sms = client.smsCode("13711110102");

        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(Verification.WRONG, client.verifySms("13711110102", otherThan(sms.code())), "attempt " + attempt);
        }
        assertEquals(Verification.TOO_MANY_ATTEMPTS, client.verifySms("13711110102", sms.code()));
    }

    @Test
    void smsFailuresAreTheExceptionWithTheServicesCode() {
        CaptchaClient client = client(CaptchaClient.builder());

        CaptchaServiceException invalid = assertThrows(CaptchaServiceException.class, () -> client.smsCode("12711112222"));
        assertEquals(1016, invalid.code());
        assertEquals("手机号格式错误", invalid.errmsg());
        assertTrue(invalid.requestId().matches("[0-9a-z]+-\\d+"), invalid.requestId());
        assertFalse(invalid.isRetryable());

        ExecutionException async = assertThrows(ExecutionException.class,
                () -> client.smsCodeAsync("+1 555 0100").get(20, TimeUnit.SECONDS));
        assertEquals(1016, assertInstanceOf(CaptchaServiceException.class, async.getCause()).code());

        client.smsCode("13711110103");
        CaptchaServiceException tooSoon = assertThrows(CaptchaServiceException.class, () -> client.smsCode("13711110103"));
        assertEquals(1023, tooSoon.code());
        assertFalse(tooSoon.isRetryable());
    }

    /**
     * 1,000 calls at once from 32 threads, pipelined over four connections, of three kinds that
     * must not be mixed up: generates, right answers, wrong answers. A reply handed to another
     * call would show: a verify reply has no captcha, a generate reply is no outcome, and RIGHT
     * and WRONG would trade places.
     */
    @Test
    void aThousandConcurrentCallsFromThirtyTwoThreadsEachGetTheirOwnReply() throws Exception {
        CaptchaClient client = client(CaptchaClient.builder().connections(4).requestTimeout(Duration.ofSeconds(90)));
        int threads = 32;
        int calls = 1000;
        List<ImageCaptcha> toVerify = all(java.util.stream.Stream.generate(client::imageCaptchaAsync).limit(calls / 2).toList());
        java.util.concurrent.atomic.AtomicInteger nextCall = new java.util.concurrent.atomic.AtomicInteger();

        List<List<Object[]>> perThread = Concurrently.run(threads, 180, () -> {
            List<Object[]> mine = new ArrayList<>();
            for (int call = nextCall.getAndIncrement(); call < calls; call = nextCall.getAndIncrement()) {
                if (call % 2 == 0) {
                    mine.add(new Object[]{call, client.imageCaptchaAsync()});
                } else {
                    ImageCaptcha image = toVerify.get(call / 2);
                    String answer = rightAnswer(call) ? image.title() : WRONG_ANSWER;
                    mine.add(new Object[]{call, client.verifyImageAsync(image.addr(), answer)});
                }
            }
            return mine;
        });

        List<ImageCaptcha> generated = new ArrayList<>();
        int answered = 0;
        for (List<Object[]> thread : perThread) {
            for (Object[] call : thread) {
                int number = (Integer) call[0];
                Object reply = ((CompletableFuture<?>) call[1]).get(90, TimeUnit.SECONDS);
                if (number % 2 == 0) {
                    generated.add(assertInstanceOf(ImageCaptcha.class, reply, "call " + number));
                } else {
                    assertEquals(rightAnswer(number) ? Verification.RIGHT : Verification.WRONG, reply, "call " + number);
                }
                answered++;
            }
        }
        assertEquals(calls, answered);
        Set<String> addrs = new HashSet<>();
        generated.forEach(image -> addrs.add(image.addr()));
        assertEquals(calls / 2, addrs.size(), "every generate got a captcha of its own");
        // Each captcha answered wrongly was the one the call named: it is still there, and verifies.
        List<ImageCaptcha> stillLive = new ArrayList<>(generated);
        for (int call = 1; call < calls; call += 2) {
            if (!rightAnswer(call)) {
                stillLive.add(toVerify.get(call / 2));
            }
        }
        for (Verification outcome : all(stillLive.stream().map(image -> client.verifyImageAsync(image.addr(), image.title())).toList())) {
            assertEquals(Verification.RIGHT, outcome);
        }
        assertEquals(0, client.waitingRequests());
    }

    private static boolean rightAnswer(int call) {
        return (call / 2) % 2 == 0;
    }

    private static <T> List<T> all(List<CompletableFuture<T>> futures) throws Exception {
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> future : futures) {
            results.add(future.get(90, TimeUnit.SECONDS));
        }
        return results;
    }

    /**
     * Hundreds of requests at once with a timeout shorter than the server needs for them all:
     * the late ones fail retryably with their own ids, their late replies reach no other call,
     * and the client goes on.
     */
    @Test
    void aRequestWithoutAReplyInTimeFailsRetryably() throws Exception {
        Duration timeout = Duration.ofMillis(100);
        CaptchaClient hurried = client(CaptchaClient.builder().connections(1).requestTimeout(timeout));
        List<CompletableFuture<ImageCaptcha>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            calls.add(hurried.imageCaptchaAsync());
        }

        List<ImageCaptcha> answered = new ArrayList<>();
        Set<String> timedOutIds = new HashSet<>();
        for (CompletableFuture<ImageCaptcha> call : calls) {
            try {
                answered.add(call.get(20, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                CaptchaServiceException failure = assertInstanceOf(CaptchaServiceException.class, e.getCause());
                assertEquals(CaptchaServiceException.TIMEOUT, failure.code(), failure.getMessage());
                assertTrue(failure.isRetryable());
                assertTrue(timedOutIds.add(failure.requestId()), "one id per call: " + failure.requestId());
            }
        }
        assertFalse(timedOutIds.isEmpty(), "300 images within " + timeout + ": the server is never that fast here");

        CaptchaClient patient = client(CaptchaClient.builder());
        for (ImageCaptcha image : answered) {
            assertEquals(Verification.RIGHT, patient.verifyImage(image.addr(), image.title()), image.toString());
        }
        Eventually.await(Duration.ofSeconds(20), "a call in time once the server has caught up", () -> {
            try {
                ImageCaptcha image = hurried.imageCaptcha();
                return patient.verifyImage(image.addr(), image.title()) == Verification.RIGHT;
            } catch (CaptchaServiceException e) {
                assertTrue(e.isRetryable(), e.getMessage());
                return false;
            }
        });
    }

    /**
     * A frame over the service's size limit makes it close the connection (1009): the request
     * that was on it fails at once, retryably, long before its timeout, and the next call gets a
     * new connection.
     */
    @Test
    void aRequestOnALostConnectionFailsAtOnceAndTheNextReconnects() {
        Duration timeout = Duration.ofSeconds(30);
        CaptchaClient client = client(CaptchaClient.builder().connections(1).requestTimeout(timeout)
                .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(500)));
        long start = System.nanoTime();

        CaptchaServiceException lost = assertThrows(CaptchaServiceException.class,
                () -> client.verifyImage("0123456789abcdef0123456789abcdef.png", "a".repeat(70_000)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(CaptchaServiceException.CONNECTION_LOST, lost.code(), lost.getMessage());
        assertTrue(lost.isRetryable());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "failed after " + took);
        ImageCaptcha image = client.imageCaptcha();
        assertEquals(Verification.RIGHT, client.verifyImage(image.addr(), image.title()));
        assertEquals(2, client.timesConnected());
    }

    @Test
    void idleConnectionsArePingedAndStayOpen() throws Exception {
        // A second between pings: a pong must come within one, which a loaded machine still gives.
        CaptchaClient client = client(CaptchaClient.builder().connections(2).pingInterval(Duration.ofSeconds(1)));

        Eventually.await(Duration.ofSeconds(20), "pongs on both connections", () -> client.pongs() >= 4);

        assertEquals(2, client.timesConnected(), "answered pings keep the connections");
        assertEquals(2, client.openConnections());
        client.imageCaptcha();
    }

    @Test
    void closingFailsWhatWaitsAndRefusesMore() throws Exception {
        CaptchaClient client = client(CaptchaClient.builder());
        List<CompletableFuture<ImageCaptcha>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(client.imageCaptchaAsync());
        }

        client.close();

        for (CompletableFuture<ImageCaptcha> call : calls) {
            try {
                call.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                CaptchaServiceException failure = assertInstanceOf(CaptchaServiceException.class, e.getCause());
                assertEquals(CaptchaServiceException.CLOSED, failure.code(), failure.getMessage());
            }
        }
        CaptchaServiceException closed = assertThrows(CaptchaServiceException.class, client::imageCaptcha);
        assertEquals(CaptchaServiceException.CLOSED, closed.code());
        assertFalse(closed.isRetryable());
        assertEquals(0, client.openConnections());
    }

    private CaptchaClient client(CaptchaClient.Builder builder) {
        CaptchaClient client = builder.endpoint(WsClient.endpoint(deployment)).apiKey(ItKeys.second()).build();
        clients.add(client);
        return client;
    }

    /** A code of the same length that is not the one sent. */
    private static String otherThan(String code) {
        return code.equals("0000") ? "1111" : "0000";
    }
}
