package org.captchaws.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A WebSocket client as the service's users have one: the JDK's, speaking text frames. Replies
 * are queued as they arrive; every wait has a timeout.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri, Consumer<WebSocket.Builder> handshake) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        handshake.accept(builder);
        socket = builder.buildAsync(uri, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Connects to the endpoint of the deployment whose base URL Arquillian gives, as a backend
     * does: with the test servers' first API key ({@link ItKeys}).
     */
    public static WsClient connect(URL deployment) throws Exception {
        return connect(deployment, ItKeys.bearer(ItKeys.first()));
    }

    /** Connects with exactly the handshake headers or subprotocols of the test's choosing (no key unless given). */
    public static WsClient connect(URL deployment, Consumer<WebSocket.Builder> handshake) throws Exception {
        return new WsClient(endpoint(deployment), handshake);
    }

    /** The subprotocol the server selected; empty for none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public static URI endpoint(URL deployment) {
        return URI.create(deployment.toString().replaceFirst("^http", "ws") + "ws");
    }

    public WsClient send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    public WsClient sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** The next reply's raw text; fails the test if none comes in time. */
    public String nextText() throws InterruptedException {
        String reply = replies.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(reply, "no reply within " + TIMEOUT);
        return reply;
    }

    /** A reply that has already arrived, or null: for asserting that one has not. */
    public JsonObject poll() {
        String reply = replies.poll();
        return reply == null ? null : parse(reply);
    }

    public JsonObject next() throws InterruptedException {
        return parse(nextText());
    }

    /** Sends a request and returns the next reply: for one request at a time on this connection. */
    public JsonObject call(String request) throws Exception {
        send(request);
        return next();
    }

    /** The close code the server sent; fails the test if the connection stays open. */
    public int awaitClose() throws Exception {
        try {
            return closeCode.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return fail("the server did not close the connection within " + TIMEOUT);
        }
    }

    public static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                replies.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
