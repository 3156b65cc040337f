package org.captchaws.protocol;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.captchaws.config.SmsSettings;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.image.CaptchaKind;
import org.captchaws.image.ImageCaptcha;
import org.captchaws.image.ImageCaptchaService;
import org.captchaws.metrics.Metrics;
import org.captchaws.sms.SmsCode;
import org.captchaws.sms.SmsCodeService;
import org.captchaws.testing.Eventually;
import org.captchaws.testing.Scrape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing, the fields each operation reads, the threads operations run on, the SMS pool's cap
 * and the counting of every reply. The services are stand-ins that record their calls: their
 * own behaviour has its own tests.
 */
class DispatcherTest {

    private static final JsonValue ID = Json.createValue(7);
    /** Enough for the tests that are not about the cap: a finished send frees its place a moment after its reply. */
    private static final int ROOMY = 50;
    private static final int SMS_PENDING = 2;

    private final RecordingImages images = new RecordingImages();
    private final RecordingSms sms = new RecordingSms();
    private final Metrics metrics = new Metrics();
    private final ExecutorService smsThreads = Executors.newFixedThreadPool(SMS_PENDING, runnable -> new Thread(runnable, "sms-pool"));
    private final Dispatcher dispatcher = new Dispatcher();

    @BeforeEach
    void wire() {
        wire(ROOMY);
    }

    private void wire(int smsPending) {
        dispatcher.images = images;
        dispatcher.sms = sms;
        dispatcher.metrics = metrics;
        dispatcher.smsSettings = new SmsSettings() {
            @Override
            public int maxPending() {
                return smsPending;
            }
        };
        dispatcher.smsExecutor = managed(smsThreads);
        dispatcher.registerOperations();
    }

    @AfterEach
    void stop() {
        sms.release.countDown();
        smsThreads.shutdownNow();
    }

    @Test
    void imagesAreMadeOnTheThreadThatDeliveredTheFrame() throws Exception {
        CompletableFuture<Reply> reply = dispatch("img", "generate", Json.createObjectBuilder()).toCompletableFuture();

        assertTrue(reply.isDone(), "answered before dispatch returned");
        assertSame(Thread.currentThread(), images.thread);
        assertEquals(Reply.success(ID, new ImageCaptcha("ab12", "x.png")), reply.get());
    }

    @Test
    void verificationsRunOnTheThreadThatDeliveredTheFrame() throws Exception {
        Reply image = dispatch("img", "verify", Json.createObjectBuilder().add("addr", "a.png").add("answer", "ab12"))
                .toCompletableFuture().getNow(null);
        assertSame(Thread.currentThread(), images.thread);
        assertEquals(List.of("verify a.png ab12"), images.calls);
        // A right answer's reply has an empty data object, as the seed's did.
        assertEquals(Reply.success(ID, JsonValue.EMPTY_JSON_OBJECT), image);

        Reply code = dispatch("sms", "verify", Json.createObjectBuilder().add("phone", "13800138000").add("code", "123456"))
                .toCompletableFuture().getNow(null);
        assertEquals(Reply.success(ID, JsonValue.EMPTY_JSON_OBJECT), code);
        assertSame(Thread.currentThread(), sms.thread);
        assertEquals(List.of("verify +8613800138000 123456"), sms.calls);
    }

    @Test
    void smsSendsRunOnTheirOwnPool() throws Exception {
        sms.release.countDown();
        Reply reply = dispatch("sms", "generate", Json.createObjectBuilder().add("phone", "13800138000"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(Reply.success(ID, new SmsCode("123456")), reply);
        assertNotSame(Thread.currentThread(), sms.thread);
        assertEquals("sms-pool", sms.thread.getName());
        assertEquals(List.of("generate +8613800138000 " + Optional.empty()), sms.calls);
    }

    @Test
    void theKindAndTheInlineFlagReachTheImageService() throws Exception {
        dispatch("img", "generate", Json.createObjectBuilder());
        dispatch("img", "generate", Json.createObjectBuilder().add("kind", "math").add("inline", true));
        dispatch("img", "generate", Json.createObjectBuilder().add("kind", "gif").add("inline", false));

        assertEquals(List.of("generate TEXT false", "generate MATH true", "generate GIF false"), images.calls);
    }

    @Test
    void anUnknownKindIs4007AndAKindThatIsNoStringIs4002() throws Exception {
        assertFailure(ErrorCode.UNKNOWN_KIND, dispatch("img", "generate", Json.createObjectBuilder().add("kind", "video")));
        assertFailure(ErrorCode.BAD_FIELD, dispatch("img", "generate", Json.createObjectBuilder().add("kind", 3)));
        assertFailure(ErrorCode.BAD_FIELD, dispatch("img", "generate", Json.createObjectBuilder().add("inline", "yes")));
        assertEquals(List.of(), images.calls);
    }

    @Test
    void aVerificationNeedsBothItsFields() throws Exception {
        assertFailure(ErrorCode.BAD_FIELD, dispatch("img", "verify", Json.createObjectBuilder().add("addr", "a.png")));
        assertFailure(ErrorCode.BAD_FIELD, dispatch("img", "verify", Json.createObjectBuilder().add("answer", "ab12")));
        assertFailure(ErrorCode.BAD_FIELD,
                dispatch("sms", "verify", Json.createObjectBuilder().add("phone", "13800138000")));
        assertEquals(List.of(), images.calls);
        assertEquals(List.of(), sms.calls);
    }

    @Test
    void aBadPhoneIs1016EvenWhenTheCodeIsMissingToo() throws Exception {
        assertFailure(ErrorCode.INVALID_PHONE, dispatch("sms", "verify", Json.createObjectBuilder().add("phone", "123")));
        assertFailure(ErrorCode.INVALID_PHONE, dispatch("sms", "verify", Json.createObjectBuilder()));
        assertFailure(ErrorCode.INVALID_PHONE, dispatch("sms", "verify", Json.createObjectBuilder().add("phone", 13800138000L)));
        sms.release.countDown();
        assertFailure(ErrorCode.INVALID_PHONE, dispatch("sms", "generate", Json.createObjectBuilder()));
        assertEquals(List.of(), sms.calls);
    }

    @Test
    void theClientAddressBecomesItsLimitKeyAndAnythingButAnAddressIs4002() throws Exception {
        sms.release.countDown();
        dispatch("sms", "generate", Json.createObjectBuilder().add("phone", "13800138000").add("client_ip", "203.0.113.9"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of("generate +8613800138000 Optional[203.0.113.9]"), sms.calls);

        assertFailure(ErrorCode.BAD_FIELD, dispatch("sms", "generate",
                Json.createObjectBuilder().add("phone", "13800138000").add("client_ip", "example.com")));
        assertFailure(ErrorCode.BAD_FIELD, dispatch("sms", "generate",
                Json.createObjectBuilder().add("phone", "13800138000").add("client_ip", 5)));
        assertEquals(1, sms.calls.size());
    }

    @Test
    void sendsPastThePendingCapAreRefusedAsBusy() throws Exception {
        wire(SMS_PENDING);
        List<CompletableFuture<Reply>> held = new ArrayList<>();
        for (int i = 0; i < SMS_PENDING; i++) {
            held.add(dispatch("sms", "generate", Json.createObjectBuilder().add("phone", "13800138000")).toCompletableFuture());
        }

        assertFailure(ErrorCode.BUSY, dispatch("sms", "generate", Json.createObjectBuilder().add("phone", "13800138000")));

        sms.release.countDown();
        for (CompletableFuture<Reply> reply : held) {
            assertEquals("0", reply.get(10, TimeUnit.SECONDS).status());
        }
        // A place is freed just after its send's reply: a next send is taken once that has happened.
        Eventually.await(Duration.ofSeconds(10), "a freed place takes the next send", () ->
                "0".equals(dispatch("sms", "generate", Json.createObjectBuilder().add("phone", "13800138000"))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS).status()));
    }

    @Test
    void unknownOperationsAreAnsweredWithTheirCode() throws Exception {
        assertFailure(ErrorCode.UNKNOWN_TYPE, dispatcher.dispatch(new Request(ID, "game", "img", "generate", JsonValue.EMPTY_JSON_OBJECT)));
        assertFailure(ErrorCode.UNKNOWN_SUBTYPE, dispatch("voice", "generate", Json.createObjectBuilder()));
        assertFailure(ErrorCode.UNKNOWN_ACTION, dispatch("img", "delete", Json.createObjectBuilder()));
    }

    @Test
    void everyReplyIsCountedUnderItsOperationAndStatus() throws Exception {
        long before = System.nanoTime();
        dispatch("img", "generate", Json.createObjectBuilder());
        dispatch("img", "generate", Json.createObjectBuilder().add("kind", "video"));
        images.refusal = new CaptchaException(ErrorCode.WRONG_ANSWER);
        dispatch("img", "verify", Json.createObjectBuilder().add("addr", "a.png").add("answer", "zz"));
        dispatch("img", "delete", Json.createObjectBuilder());
        double elapsedSeconds = (System.nanoTime() - before) / 1e9;

        Scrape scrape = scrape();
        double timed = scrape.count("captcha_request_duration_seconds_sum", "subtype", "img", "action", "generate");
        assertTrue(timed >= 0 && timed <= elapsedSeconds, "timed " + timed + " s of " + elapsedSeconds + " s");
        assertEquals(1, scrape.count("captcha_requests_total", "subtype", "img", "action", "generate", "code", "0"));
        assertEquals(1, scrape.count("captcha_requests_total", "subtype", "img", "action", "generate", "code", "4007"));
        assertEquals(1, scrape.count("captcha_requests_total", "subtype", "img", "action", "verify", "code", "2001"));
        assertEquals(1, scrape.count("captcha_requests_total", "subtype", "unknown", "action", "unknown", "code", "4005"));
        assertEquals(2, scrape.count("captcha_request_duration_seconds_count", "subtype", "img", "action", "generate"));
    }

    private java.util.concurrent.CompletionStage<Reply> dispatch(String subtype, String action,
                                                                 jakarta.json.JsonObjectBuilder data) {
        JsonObject built = data.build();
        return dispatcher.dispatch(new Request(ID, "captcha", subtype, action, built));
    }

    private static void assertFailure(ErrorCode expected, java.util.concurrent.CompletionStage<Reply> stage) throws Exception {
        Reply reply = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(expected.code(), reply.status(), () -> "reply " + reply);
        assertEquals(ID, reply.id());
    }

    private Scrape scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }

    /** A managed executor is, for the dispatcher, an executor: this one hands its tasks to {@code threads}. */
    private static ManagedExecutorService managed(ExecutorService threads) {
        return (ManagedExecutorService) Proxy.newProxyInstance(DispatcherTest.class.getClassLoader(),
                new Class<?>[]{ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        threads.execute((Runnable) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final class RecordingImages extends ImageCaptchaService {
        final List<String> calls = new ArrayList<>();
        volatile Thread thread;
        CaptchaException refusal;

        @Override
        public ImageCaptcha generate(CaptchaKind kind, boolean inline) {
            thread = Thread.currentThread();
            calls.add("generate " + kind + " " + inline);
            return new ImageCaptcha("ab12", "x.png");
        }

        @Override
        public void verify(String addr, String answer) throws CaptchaException {
            thread = Thread.currentThread();
            calls.add("verify " + addr + " " + answer);
            if (refusal != null) {
                throw refusal;
            }
        }
    }

    private static final class RecordingSms extends SmsCodeService {
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        volatile Thread thread;

        @Override
        public SmsCode generate(String e164Phone, Optional<String> clientIpKey) {
            thread = Thread.currentThread();
            try {
                // Held until the test lets sends through, as a slow Tencent would hold them.
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            calls.add("generate " + e164Phone + " " + clientIpKey);
            return new SmsCode("123456");
        }

        @Override
        public void verify(String e164Phone, String code) {
            thread = Thread.currentThread();
            calls.add("verify " + e164Phone + " " + code);
        }
    }
}
