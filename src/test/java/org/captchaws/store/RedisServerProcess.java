package org.captchaws.store;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway redis-server of the test's own, on a free loopback port, without persistence:
 * tests do not depend on a system service and can take the server down and up again on the
 * same port. Needs Debian's {@code redis-server} package.
 *
 * <p>The server outlives no test JVM: a small shell between them kills it once the JVM's end of
 * its standard input closes, which the kernel does however the JVM ends (mutation testing ends
 * a timed-out test's JVM at once, with no {@code @AfterAll}).
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final String BINARY = "/usr/bin/redis-server";
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    /**
     * Runs the server ($0 with its arguments) and exits with it; a watcher holding the shell's
     * input kills it when that input ends. The watcher reads a copy (fd 3): an asynchronous
     * command's own input is /dev/null.
     */
    private static final String WATCHED = """
            exec 3<&0
            "$0" "$@" </dev/null 3<&- &
            server=$!
            { cat <&3 >/dev/null; kill -9 "$server" 2>/dev/null; } &
            exec 3<&-
            wait "$server"
            """;

    private final int port;
    private final Path log;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
        // Surefire points java.io.tmpdir into target/, so the log stays with the build.
        this.log = Path.of(System.getProperty("java.io.tmpdir"), "redis-server-" + port + ".log");
    }

    /** Starts a server on a free port and returns once it answers PING. */
    public static RedisServerProcess start() throws IOException {
        RedisServerProcess server = new RedisServerProcess(freePort());
        server.launch();
        return server;
    }

    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the server at once, as a crash would; its data is gone. */
    public void stop() {
        if (process == null) {
            return;
        }
        try {
            // The shell kills the server (SIGKILL) as its input closes, and exits with it.
            process.getOutputStream().close();
        } catch (IOException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping redis-server", e);
        } finally {
            process = null;
        }
    }

    /** Stops the server if it runs, then starts an empty one on the same port. */
    public void restart() throws IOException {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(
                    BINARY + " is missing: apt-get install -y redis-server");
        }
        process = new ProcessBuilder(List.of("/bin/sh", "-c", WATCHED, BINARY, "--port", Integer.toString(port),
                "--bind", HOST, "--save", "", "--appendonly", "no", "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            awaitPong();
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void awaitPong() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!answersPing()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port
                        + " within " + READY_TIMEOUT + "; see " + log);
            }
            // Waiting on the process, not sleeping: a server that exits (say, the port was
            // taken) fails here at once instead of at the deadline.
            try {
                if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("redis-server exited with "
                            + process.exitValue() + ": " + Files.readString(log));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting redis-server", e);
            }
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = socket.getInputStream().readNBytes("+PONG".length());
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
