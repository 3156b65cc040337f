package org.captchaws.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A client of captcha-ws for Java back-ends. Thread-safe: make one per service endpoint, share
 * it, and close it when the application stops.
 *
 * <pre>{@code
 * try (CaptchaClient captcha = CaptchaClient.builder()
 *         .endpoint(URI.create("ws://captcha.internal:8080/captcha/ws"))
 *         .apiKey(System.getenv("CAPTCHA_API_KEY"))
 *         .build()) {
 *     ImageCaptcha image = captcha.imageCaptcha();          // show image.imageUrl() to the user
 *     switch (captcha.verifyImage(image.addr(), answer)) {  // what the user typed
 *         case RIGHT -> login();
 *         case WRONG, EXPIRED_OR_USED, TOO_MANY_ATTEMPTS -> askAgain();
 *     }
 * }
 * }</pre>
 *
 * <p>Every operation has a {@code CompletableFuture} form ({@code ...Async}) and a blocking twin;
 * both fail with {@link CaptchaServiceException} only (the future: exceptionally, with it as the
 * cause). Requests are pipelined over a few WebSocket connections and matched to their replies
 * by id; each has its own timeout. Connections are pinged while idle and reopened with
 * backoff and jitter when lost: requests that were on a lost connection fail at once
 * (retryably), new ones wait for the next connection up to their timeout.
 */
public final class CaptchaClient implements AutoCloseable {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final URI endpoint;
    private final URI images;
    private final Duration requestTimeout;
    private final PendingRequests pending = new PendingRequests();
    private final List<Connection> connections = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService callbacks;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    private CaptchaClient(Builder builder) {
        endpoint = builder.endpoint;
        images = imagesBase(endpoint);
        requestTimeout = builder.requestTimeout;
        int number = CLIENTS.incrementAndGet();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemons("captcha-ws-client-" + number + "-timer"));
        // Answered requests cancel their timeouts: drop those at once rather than at their time.
        timers.setRemoveOnCancelPolicy(true);
        scheduler = timers;
        callbacks = Executors.newCachedThreadPool(daemons("captcha-ws-client-" + number));
        HttpClient http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout).executor(callbacks).build();
        Connection.Settings settings = new Connection.Settings(http, endpoint, builder.apiKey, builder.connectTimeout,
                scheduler, new Backoff(builder.firstReconnectDelay, builder.maxReconnectDelay), pending);
        for (int i = 0; i < builder.connections; i++) {
            connections.add(new Connection(settings, "connection " + (i + 1) + " of client " + number));
        }
        long ping = builder.pingInterval.toNanos();
        scheduler.scheduleWithFixedDelay(() -> connections.forEach(Connection::keepAlive), ping, ping, TimeUnit.NANOSECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- image captchas

    /** Generates an image captcha; its image is complete and served at {@link ImageCaptcha#imageUrl()} when this completes. */
    public CompletableFuture<ImageCaptcha> imageCaptchaAsync() {
        return call(Wire::generateImage, this::imageCaptcha);
    }

    public ImageCaptcha imageCaptcha() {
        return await(imageCaptchaAsync());
    }

    /**
     * Generates an image captcha of a kind; with {@code inline}, the reply carries the image too
     * ({@link ImageCaptcha#dataUrl()}). For {@link ImageKind#MATH} the answer is the result's digits.
     */
    public CompletableFuture<ImageCaptcha> imageCaptchaAsync(ImageKind kind, boolean inline) {
        Objects.requireNonNull(kind, "kind");
        return call(id -> Wire.generateImage(id, kind, inline), this::imageCaptcha);
    }

    public ImageCaptcha imageCaptcha(ImageKind kind, boolean inline) {
        return await(imageCaptchaAsync(kind, inline));
    }

    private ImageCaptcha imageCaptcha(Wire.Reply reply) {
        String addr = required(reply, "addr");
        return new ImageCaptcha(required(reply, "title"), addr, images.resolve("images/" + addr), reply.text("image"));
    }

    /** Checks an answer to an image captcha (letter case and surrounding spaces do not matter). */
    public CompletableFuture<Verification> verifyImageAsync(String addr, String answer) {
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(answer, "answer");
        return verification(id -> Wire.verifyImage(id, addr, answer));
    }

    public Verification verifyImage(String addr, String answer) {
        return await(verifyImageAsync(addr, answer));
    }

    // ---- SMS codes

    /**
     * Sends an SMS code to a mainland China mobile number. An invalid number fails with code
     * 1016, the per-phone limits with 1023 to 1025 (not retryable).
     */
    public CompletableFuture<SmsCode> smsCodeAsync(String phone) {
        Objects.requireNonNull(phone, "phone");
        return call(id -> Wire.sendSms(id, phone), reply -> new SmsCode(phone, required(reply, "title")));
    }

    public SmsCode smsCode(String phone) {
        return await(smsCodeAsync(phone));
    }

    /** Checks a code sent to a number. */
    public CompletableFuture<Verification> verifySmsAsync(String phone, String code) {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(code, "code");
        return verification(id -> Wire.verifySms(id, phone, code));
    }

    public Verification verifySms(String phone, String code) {
        return await(verifySmsAsync(phone, code));
    }

    /** Closes the connections; requests still waiting fail with {@link CaptchaServiceException#CLOSED}. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        connections.forEach(Connection::close);
        pending.failAll(CaptchaClient::closedFailure);
        scheduler.shutdownNow();
        callbacks.shutdown();
    }

    // ---- for the tests of this package

    int openConnections() {
        return (int) connections.stream().filter(Connection::isOpen).count();
    }

    long pongs() {
        return connections.stream().mapToLong(Connection::pongs).sum();
    }

    long timesConnected() {
        return connections.stream().mapToLong(Connection::timesOpened).sum();
    }

    int waitingRequests() {
        return pending.size();
    }

    // ----

    private CompletableFuture<Verification> verification(Function<String, String> request) {
        return call(request, reply -> Verification.of(reply.status()), true);
    }

    private <T> CompletableFuture<T> call(Function<String, String> request, Function<Wire.Reply, T> success) {
        return call(request, success, false);
    }

    /**
     * Sends a request and maps its reply on a thread of the client's own, never the socket's:
     * whatever the caller chains on the future cannot hold up the replies of others.
     *
     * @param outcomes whether the verification outcomes are replies to map rather than failures
     */
    private <T> CompletableFuture<T> call(Function<String, String> request, Function<Wire.Reply, T> success, boolean outcomes) {
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure(null));
        }
        PendingRequests.Pending call = pending.open();
        String text = request.apply(call.id);
        Connection connection = pick();
        try {
            call.timeout = scheduler.schedule(() -> pending.fail(call.id, timedOut(call, connection)),
                    requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            pending.fail(call.id, closedFailure(call.id));
        }
        CompletableFuture<T> result = call.reply.handleAsync((reply, error) -> {
            if (error != null) {
                throw error instanceof CompletionException wrapped ? wrapped : new CompletionException(error);
            }
            if (reply.ok() || (outcomes && Verification.of(reply.status()) != null)) {
                return success.apply(reply);
            }
            throw new CaptchaServiceException(reply.status(), reply.errmsg(), call.id);
        }, this::callback);
        connection.submit(call, text);
        return result;
    }

    /** On the client's threads; inline once they are shut down, so that no future is left hanging by a close. */
    private void callback(Runnable completion) {
        try {
            callbacks.execute(completion);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            completion.run();
        }
    }

    private CaptchaServiceException timedOut(PendingRequests.Pending call, Connection connection) {
        if (call.sentOn != null) {
            return new CaptchaServiceException(CaptchaServiceException.TIMEOUT,
                    "no reply from " + endpoint + " within " + requestTimeout, call.id);
        }
        CaptchaServiceException why = connection.lastFailure();
        return new CaptchaServiceException(CaptchaServiceException.UNAVAILABLE,
                "no connection to " + endpoint + " within " + requestTimeout + (why == null ? "" : ": " + why.errmsg()),
                call.id, why);
    }

    /** Round robin over the open connections; a closed one only when none is open (the request waits there). */
    private Connection pick() {
        int start = Math.floorMod(next.getAndIncrement(), connections.size());
        for (int i = 0; i < connections.size(); i++) {
            Connection candidate = connections.get((start + i) % connections.size());
            if (candidate.isOpen()) {
                return candidate;
            }
        }
        return connections.get(start);
    }

    private static String required(Wire.Reply reply, String field) {
        String value = reply.text(field);
        if (value == null) {
            throw new CaptchaServiceException(CaptchaServiceException.BAD_REPLY,
                    "a successful reply without data." + field, reply.id());
        }
        return value;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CaptchaServiceException failure) {
                throw failure;
            }
            throw e;
        }
    }

    static CaptchaServiceException closedFailure(String id) {
        return new CaptchaServiceException(CaptchaServiceException.CLOSED, "the client is closed", id);
    }

    /** ws://host:port/captcha/ws serves images at http://host:port/captcha/images/: beside the endpoint, over HTTP. */
    static URI imagesBase(URI endpoint) {
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT).equals("wss") ? "https" : "http";
        return URI.create(scheme + "://" + endpoint.getRawAuthority() + endpoint.getRawPath());
    }

    /** Starts the client's threads as daemons: a client someone forgot to close does not keep the JVM alive. */
    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private CaptchaClient connect(Duration connectTimeout) {
        List<CompletableFuture<CaptchaServiceException>> outcomes = connections.stream().map(Connection::start).toList();
        long deadline = System.nanoTime() + connectTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (CompletableFuture<CaptchaServiceException> outcome : outcomes) {
            CaptchaServiceException failure;
            try {
                failure = outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new CaptchaServiceException(CaptchaServiceException.CLOSED, "interrupted while connecting", null, e);
            }
            if (failure != null && !failure.isRetryable()) {
                close();
                throw failure;
            }
        }
        return this;
    }

    /** Settings of a client; {@link #endpoint} is the one without a default. */
    public static final class Builder {

        private URI endpoint;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int connections = 2;
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration firstReconnectDelay = Duration.ofMillis(200);
        private Duration maxReconnectDelay = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The WebSocket endpoint: {@code ws://host:port/captcha/ws} (or {@code wss://}). */
        public Builder endpoint(URI endpoint) {
            String scheme = Objects.requireNonNull(endpoint, "endpoint").getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss")) || endpoint.getRawAuthority() == null) {
                throw new IllegalArgumentException("the endpoint must be a ws:// or wss:// URI with a host: " + endpoint);
            }
            this.endpoint = endpoint;
            return this;
        }

        /** The API key, sent as {@code Authorization: Bearer <key>}; none for a service that allows loopback without keys. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** How long opening a connection may take; default 5 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long a request may wait for its reply, a connection included; default 10 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** How many WebSocket connections to keep open; default 2. Each carries any number of requests at once. */
        public Builder connections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("connections must be at least 1: " + connections);
            }
            this.connections = connections;
            return this;
        }

        /** How often an open connection is pinged; a ping unanswered for as long drops it. Default 30 s. */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = positive(pingInterval, "pingInterval");
            return this;
        }

        /** Reconnect delays: the first after a failure, doubling up to the largest, each with jitter. Default 200 ms to 30 s. */
        public Builder reconnectDelays(Duration first, Duration max) {
            new Backoff(first, max);
            this.firstReconnectDelay = first;
            this.maxReconnectDelay = max;
            return this;
        }

        /**
         * Opens the connections, waiting up to the connect timeout. A refused key or network
         * fails here, at once ({@link CaptchaServiceException#KEY_REFUSED},
         * {@link CaptchaServiceException#NOT_ALLOWED}); a service that cannot be reached does not:
         * the client keeps trying, and requests fail retryably until it answers.
         */
        public CaptchaClient build() {
            if (endpoint == null) {
                throw new IllegalStateException("endpoint(...) is required");
            }
            return new CaptchaClient(this).connect(connectTimeout);
        }

        private static Duration positive(Duration value, String name) {
            if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
