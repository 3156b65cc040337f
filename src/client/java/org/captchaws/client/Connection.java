package org.captchaws.client;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of the client's connections, for the client's whole life: it opens a WebSocket, writes
 * requests to it one send at a time, reads replies, pings, and when the socket is lost fails the
 * requests that were on it and opens another after a backoff delay. Requests that arrive while
 * there is no socket wait here for the next one (or for their timeout).
 */
final class Connection {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final ByteBuffer PING = ByteBuffer.wrap("captcha-ws".getBytes(StandardCharsets.US_ASCII));
    private static final int PURGE_EVERY = 64;

    /** What every connection of a client shares. */
    record Settings(HttpClient http, URI endpoint, String apiKey, Duration connectTimeout,
                    ScheduledExecutorService scheduler, Backoff backoff, PendingRequests pending) {
    }

    private record Waiting(PendingRequests.Pending request, String text) {
    }

    private final Settings settings;
    private final String name;
    private final CompletableFuture<CaptchaServiceException> firstOutcome = new CompletableFuture<>();
    private final AtomicLong pongs = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();

    // Guarded by this.
    private Link open;
    private boolean connecting;
    private boolean closed;
    private int failures;
    private CaptchaServiceException refusal;
    private CaptchaServiceException lastFailure;
    private final List<Waiting> waiting = new ArrayList<>();

    Connection(Settings settings, String name) {
        this.settings = settings;
        this.name = name;
    }

    /** Starts connecting; the future tells how the first attempt went (null: open). */
    CompletableFuture<CaptchaServiceException> start() {
        attempt();
        return firstOutcome;
    }

    synchronized boolean isOpen() {
        return open != null;
    }

    /** Why the last attempt to connect failed, for a request that timed out waiting; null if none did. */
    synchronized CaptchaServiceException lastFailure() {
        return lastFailure;
    }

    long pongs() {
        return pongs.get();
    }

    long timesOpened() {
        return opened.get();
    }

    /** Writes a request now, or as soon as there is a socket; fails it at once if the key or network is refused. */
    void submit(PendingRequests.Pending request, String text) {
        Link link;
        synchronized (this) {
            link = open;
            if (link == null) {
                if (refusal != null) {
                    settings.pending().fail(request.id, refusal.forRequest(request.id));
                } else if (closed) {
                    settings.pending().fail(request.id, CaptchaClient.closedFailure(request.id));
                } else {
                    if (waiting.size() % PURGE_EVERY == PURGE_EVERY - 1) {
                        waiting.removeIf(w -> w.request().isDone());
                    }
                    waiting.add(new Waiting(request, text));
                }
                return;
            }
        }
        link.send(request, text);
    }

    /** Sends a ping, or drops the socket if the previous one went unanswered for a whole interval. */
    void keepAlive() {
        Link link;
        synchronized (this) {
            link = open;
        }
        if (link == null) {
            return;
        }
        if (link.awaitingPong) {
            dropped(link, "no pong to a ping within the ping interval");
            return;
        }
        link.awaitingPong = true;
        link.socket.sendPing(PING.duplicate());
    }

    void close() {
        Link link;
        synchronized (this) {
            closed = true;
            link = open;
            open = null;
            for (Waiting w : waiting) {
                settings.pending().fail(w.request().id, CaptchaClient.closedFailure(w.request().id));
            }
            waiting.clear();
        }
        firstOutcome.complete(CaptchaClient.closedFailure(null));
        if (link != null) {
            link.dead = true;
            WebSocket socket = link.socket;
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed")
                    .orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((s, e) -> socket.abort());
        }
    }

    private void attempt() {
        synchronized (this) {
            if (closed || connecting || open != null) {
                return;
            }
            connecting = true;
        }
        Link link = new Link();
        WebSocket.Builder builder = settings.http().newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        if (settings.apiKey() != null) {
            builder.header("Authorization", "Bearer " + settings.apiKey());
        }
        CompletableFuture<WebSocket> handshake;
        try {
            handshake = builder.buildAsync(settings.endpoint(), link);
        } catch (RuntimeException e) {
            handshake = CompletableFuture.failedFuture(e);
        }
        handshake.whenComplete((socket, error) -> {
            if (error == null) {
                opened(link, socket);
            } else {
                failed(error);
            }
        });
    }

    private void opened(Link link, WebSocket socket) {
        List<Waiting> ready;
        synchronized (this) {
            connecting = false;
            if (closed) {
                socket.abort();
                return;
            }
            link.socket = socket;
            open = link;
            failures = 0;
            refusal = null;
            lastFailure = null;
            ready = new ArrayList<>(waiting);
            waiting.clear();
        }
        long count = opened.incrementAndGet();
        if (count > 1) {
            LOG.log(System.Logger.Level.INFO, "captcha-ws client: {0} connected again to {1}", name, settings.endpoint());
        }
        firstOutcome.complete(null);
        for (Waiting w : ready) {
            if (!w.request().isDone()) {
                link.send(w.request(), w.text());
            }
        }
    }

    private void failed(Throwable error) {
        CaptchaServiceException failure = classify(error);
        Duration delay;
        synchronized (this) {
            connecting = false;
            lastFailure = failure;
            if (failure.code() == CaptchaServiceException.KEY_REFUSED || failure.code() == CaptchaServiceException.NOT_ALLOWED) {
                refusal = failure;
                for (Waiting w : waiting) {
                    settings.pending().fail(w.request().id, failure.forRequest(w.request().id));
                }
                waiting.clear();
            } else {
                refusal = null;
            }
            delay = settings.backoff().delay(failures++);
            if (closed) {
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "captcha-ws client: {0} cannot connect to {1}: {2}; next attempt in {3} ms",
                name, settings.endpoint(), failure.errmsg(), delay.toMillis());
        firstOutcome.complete(failure);
        schedule(delay);
    }

    /** The socket is gone: its requests fail now (retryably), and a new socket is on the way. */
    private void dropped(Link link, String why) {
        Duration delay;
        synchronized (this) {
            if (link.dead) {
                return;
            }
            link.dead = true;
            if (open == link) {
                open = null;
            }
            delay = settings.backoff().delay(0);
        }
        if (link.socket != null) {
            link.socket.abort();
        }
        String message = "connection to " + settings.endpoint() + " lost: " + why;
        LOG.log(System.Logger.Level.WARNING, "captcha-ws client: {0} {1}; reconnecting in {2} ms", name, message, delay.toMillis());
        settings.pending().failSentOn(link,
                id -> new CaptchaServiceException(CaptchaServiceException.CONNECTION_LOST, message, id));
        schedule(delay);
    }

    private void schedule(Duration delay) {
        try {
            settings.scheduler().schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The client is being closed: no more attempts.
        }
    }

    /** A failed handshake as the caller should see it: a refused key or network apart from trouble that passes. */
    private CaptchaServiceException classify(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        URI endpoint = settings.endpoint();
        if (cause instanceof WebSocketHandshakeException refused) {
            int status = refused.getResponse().statusCode();
            if (status == 401) {
                String what = settings.apiKey() == null
                        ? "the service requires an API key and none was given: set apiKey(...)"
                        : "the service refused the API key (check the key given to apiKey(...))";
                return new CaptchaServiceException(CaptchaServiceException.KEY_REFUSED,
                        what + ": HTTP 401 from the handshake with " + endpoint, null, cause);
            }
            if (status == 403) {
                return new CaptchaServiceException(CaptchaServiceException.NOT_ALLOWED,
                        "the service does not allow connections from this network or origin: HTTP 403 from the handshake with "
                                + endpoint + bodyOf(refused), null, cause);
            }
            return new CaptchaServiceException(CaptchaServiceException.UNAVAILABLE,
                    "the handshake with " + endpoint + " was answered with HTTP " + status, null, cause);
        }
        String what;
        if (cause instanceof HttpConnectTimeoutException) {
            what = "no connection to " + endpoint + " within " + settings.connectTimeout();
        } else if (cause instanceof ConnectException) {
            what = "connection to " + endpoint + " refused";
        } else {
            what = "cannot connect to " + endpoint + ": " + cause;
        }
        return new CaptchaServiceException(CaptchaServiceException.UNAVAILABLE, what, null, cause);
    }

    private static String bodyOf(WebSocketHandshakeException refused) {
        Object body = refused.getResponse().body();
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : body instanceof String string ? string : "";
        return text.isBlank() ? "" : " (" + text.strip() + ")";
    }

    /** One WebSocket: the JDK's delivers a message in parts, needs request(n) after each, and allows one send at a time. */
    private final class Link implements WebSocket.Listener {

        volatile WebSocket socket;
        volatile boolean dead;
        volatile boolean awaitingPong;
        private final StringBuilder partial = new StringBuilder();
        // Guarded by this: the end of the chain of sends, each started when the one before is done.
        private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

        void send(PendingRequests.Pending request, String text) {
            request.sentOn = this;
            if (dead) {
                // Lost between the check and now: the drop has failed, or will fail, the others.
                settings.pending().fail(request.id, new CaptchaServiceException(CaptchaServiceException.CONNECTION_LOST,
                        "connection to " + settings.endpoint() + " lost", request.id));
                return;
            }
            synchronized (this) {
                lastSend = lastSend
                        .handle((ignored, error) -> null)
                        .thenCompose(ignored -> dead ? CompletableFuture.completedFuture(null) : socket.sendText(text, true))
                        .whenComplete((ignored, error) -> {
                            if (error != null) {
                                dropped(this, "a send failed: " + error);
                            }
                        });
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Wire.Reply reply = Wire.parse(text);
                if (reply == null || !settings.pending().complete(reply)) {
                    LOG.log(System.Logger.Level.DEBUG, "captcha-ws client: a reply no request waits for: {0}", text);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            awaitingPong = false;
            pongs.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            dropped(this, "closed by the service (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            dropped(this, error.toString());
        }
    }
}
