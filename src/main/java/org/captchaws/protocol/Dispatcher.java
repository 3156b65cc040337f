package org.captchaws.protocol;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.captchaws.config.SmsSettings;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.image.CaptchaKind;
import org.captchaws.image.ImageCaptchaService;
import org.captchaws.metrics.Metrics;
import org.captchaws.sms.ClientAddresses;
import org.captchaws.sms.PhoneNumbers;
import org.captchaws.sms.SmsCodeService;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes each request to its operation, which reads its fields from the request (so no
 * service sees JSON) and calls one typed service method. Images and verifications run on the
 * thread that delivered the frame: both containers deliver a connection's frames on a worker
 * thread of their own, one frame at a time, so a request holds up only its own connection, and
 * a hand-off to another pool would add two thread switches to a request that takes a fraction
 * of a millisecond. SMS sends, which wait on Tencent, run on a pool of their own with a cap on
 * how many may wait, so a slow Tencent can neither hold up the connection nor pile up work
 * without end.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = Dispatcher.SMS_EXECUTOR, maxAsync = Dispatcher.SMS_THREADS)
public class Dispatcher {

    static final String SMS_EXECUTOR = "java:app/concurrent/captcha-sms";
    static final int SMS_THREADS = 16;
    private static final String CLIENT_IP = "client_ip";
    private static final String KIND = "kind";
    private static final String INLINE = "inline";
    private static final Executor ON_THE_DELIVERING_THREAD = Runnable::run;

    @Resource(lookup = SMS_EXECUTOR)
    ManagedExecutorService smsExecutor;

    @Inject
    ImageCaptchaService images;

    @Inject
    SmsCodeService sms;

    @Inject
    SmsSettings smsSettings;

    @Inject
    Metrics metrics;

    private Operations operations;

    @PostConstruct
    void registerOperations() {
        BoundedExecutor smsSends = new BoundedExecutor(smsExecutor, smsSettings.maxPending());
        operations = new Operations()
                .add("captcha", "img", "generate", ON_THE_DELIVERING_THREAD,
                        data -> images.generate(kind(data), Requests.optionalFlag(data, INLINE)))
                .add("captcha", "img", "verify", ON_THE_DELIVERING_THREAD, data -> {
                    images.verify(Requests.requireString(data, "addr"), Requests.requireString(data, "answer"));
                    return JsonValue.EMPTY_JSON_OBJECT;
                })
                .add("captcha", "sms", "generate", smsSends, data -> {
                    String phone = phone(data);
                    return sms.generate(phone, clientIp(data));
                })
                .add("captcha", "sms", "verify", ON_THE_DELIVERING_THREAD, data -> {
                    // The phone before the code, as ever: a bad number is 1016 even when the code is missing too.
                    String phone = phone(data);
                    sms.verify(phone, Requests.requireString(data, "code"));
                    return JsonValue.EMPTY_JSON_OBJECT;
                });
    }

    /** {@code data.kind}, optional: a string naming a kind (4007 otherwise); any other JSON type is 4002. */
    private static CaptchaKind kind(JsonObject data) throws CaptchaException {
        Optional<String> name = Requests.optionalString(data, KIND);
        if (name.isEmpty()) {
            return CaptchaKind.TEXT;
        }
        return CaptchaKind.named(name.get()).orElseThrow(() -> new CaptchaException(ErrorCode.UNKNOWN_KIND, name.get()));
    }

    /**
     * {@code data.phone} in E.164. Anything but a mainland mobile number, including a phone
     * that is missing or not a JSON string, is 1016 with no detail, as the seed answered.
     */
    private static String phone(JsonObject data) throws CaptchaException {
        if (!(data.get("phone") instanceof JsonString phone)) {
            throw new CaptchaException(ErrorCode.INVALID_PHONE);
        }
        return PhoneNumbers.toE164(phone.getString());
    }

    /**
     * {@code data.client_ip}, optional: the end user's address as the backend saw it, as the key
     * its sends count under. Given, it must be a JSON string holding an IP literal (never a
     * name: nothing is looked up); anything else is 4002 naming the field.
     */
    private static Optional<String> clientIp(JsonObject data) throws CaptchaException {
        Optional<String> literal = Requests.optionalString(data, CLIENT_IP);
        if (literal.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ClientAddresses.limitKey(literal.get()).orElseThrow(() -> Requests.badField(CLIENT_IP)));
    }

    /** Answers a request; the one place that counts and times requests, whatever their outcome. */
    public CompletionStage<Reply> dispatch(Request request) {
        long start = System.nanoTime();
        Operations.Route route;
        try {
            route = operations.find(request);
        } catch (CaptchaException e) {
            return CompletableFuture.completedFuture(
                    counted(Metrics.UNKNOWN, Metrics.UNKNOWN, start, Reply.failure(request.id(), e)));
        }
        CompletableFuture<Reply> reply;
        try {
            reply = CompletableFuture.supplyAsync(() -> Operations.run(route.operation(), request), route.executor());
        } catch (RejectedExecutionException e) {
            reply = CompletableFuture.completedFuture(Reply.failure(request.id(), ErrorCode.BUSY));
        }
        return reply.thenApply(answer -> counted(route.subtype(), route.action(), start, answer));
    }

    private Reply counted(String subtype, String action, long start, Reply reply) {
        int status = reply.status() instanceof Integer code ? code : 0;
        metrics.request(subtype, action, status, System.nanoTime() - start);
        return reply;
    }
}
