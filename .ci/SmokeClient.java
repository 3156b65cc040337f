import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a newcomer does first, as a backend would: wait for the page, generate one image captcha
 * over the WebSocket, fetch its PNG over HTTP, verify its answer. Exits non-zero on anything else.
 * JDK only, run from source: {@code java .ci/SmokeClient.java BASE_URL WAIT_SECONDS [PID]}, where
 * PID is the server command's process: if it dies first, waiting stops at once; and its server
 * JVM must have the fixed heap README promises ("Capacity": -Xms equal to -Xmx).
 */
public class SmokeClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        Duration wait = Duration.ofSeconds(Long.parseLong(args[1]));
        ProcessHandle server = args.length > 2 ? ProcessHandle.of(Long.parseLong(args[2])).orElse(null) : null;
        HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();

        awaitPage(http, base.resolve("captcha.html"), wait, server);

        URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "ws");
        Replies replies = new Replies();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(CALL_TIMEOUT)
                .buildAsync(ws, replies).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        String generated = replies.call(socket,
                "{\"id\":\"smoke-1\",\"status\":\"\",\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{\"action\":\"generate\"}}");
        require(generated.contains("\"status\":\"0\""), "generate failed: " + generated);
        String title = field(generated, "title");
        String addr = field(generated, "addr");
        require(addr.matches("[0-9a-f]{32}\\.png"), "unexpected addr: " + addr);

        HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(base.resolve("images/" + addr))
                .timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        require(image.statusCode() == 200, "image: HTTP " + image.statusCode());
        require(image.headers().firstValue("Content-Type").orElse("").startsWith("image/png"),
                "image: Content-Type " + image.headers().firstValue("Content-Type").orElse("none"));
        require(image.body().length > PNG_SIGNATURE.length
                        && Arrays.equals(Arrays.copyOf(image.body(), PNG_SIGNATURE.length), PNG_SIGNATURE),
                "image: not a PNG");

        String verified = replies.call(socket, "{\"id\":\"smoke-2\",\"status\":\"\",\"type\":\"captcha\",\"subtype\":\"img\","
                + "\"data\":{\"action\":\"verify\",\"addr\":\"" + addr + "\",\"answer\":\"" + title + "\"}}");
        require(verified.contains("\"status\":\"0\""), "verify failed: " + verified);

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String heap = server == null ? "" : ", server heap " + fixedHeap(server);
        System.out.printf("smoke: %s generated %s (%d PNG bytes), its answer verified%s%n", base, addr, image.body().length, heap);
    }

    /**
     * The heap of the server JVM the command started (the one with the run commands' SMS provider
     * option; Maven's own JVM has none), which must be fixed: with a heap free to stay small, G1
     * paused every second under load (README, "Capacity").
     */
    private static String fixedHeap(ProcessHandle command) {
        List<String> arguments = command.descendants()
                .map(process -> Arrays.asList(process.info().arguments().orElse(new String[0])))
                .filter(args -> args.contains("-Dcaptcha.sms.provider=log"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no server JVM with -Dcaptcha.sms.provider=log under the command"));
        String initial = lastWithPrefix(arguments, "-Xms");
        String maximum = lastWithPrefix(arguments, "-Xmx");
        require(initial != null && maximum != null && initial.substring(4).equals(maximum.substring(4)),
                "the server's heap is not fixed (-Xms equal to -Xmx): " + initial + " " + maximum);
        return initial + " " + maximum;
    }

    /** The JVM takes the last of repeated options. */
    private static String lastWithPrefix(List<String> arguments, String prefix) {
        String last = null;
        for (String argument : arguments) {
            if (argument.startsWith(prefix)) {
                last = argument;
            }
        }
        return last;
    }

    private static void awaitPage(HttpClient http, URI page, Duration wait, ProcessHandle server) throws Exception {
        Instant deadline = Instant.now().plus(wait);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            require(server == null || server.isAlive(), "the server command ended before serving " + page);
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(page).timeout(CALL_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            TimeUnit.SECONDS.sleep(1);
        }
        throw new IllegalStateException(page + " not served within " + wait + " (last: " + last + ")");
    }

    /** A flat string field of a reply: enough for the two replies this client reads. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(json);
        require(m.find(), "no " + name + " in " + json);
        return m.group(1);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** One request at a time: the next whole text message is the reply. */
    private static final class Replies implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile CompletableFuture<String> next = new CompletableFuture<>();

        synchronized String call(WebSocket socket, String request) throws Exception {
            next = new CompletableFuture<>();
            CompletableFuture<String> reply = next;
            socket.sendText(request, true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                next.complete(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            next.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            next.completeExceptionally(error);
        }
    }
}
