package org.captchaws.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server under load, with captcha-ws.war and echo.war deployed side by side, started by
 * the benchmark and stopped by its own process handle (never by name). WildFly runs as
 * provisioned by the bench profile, Payara Micro as downloaded; both with the heap the service's
 * run commands give it ({@code bench.server-heap}, the POM's {@code service.heap}). Both listen
 * on 127.0.0.1 only. The service runs with its default settings: on loopback it needs no API key.
 */
final class BenchServer implements AutoCloseable {

    private static final Pattern IMAGES_FOLDER = Pattern.compile("Captcha images are written to (\\S+)");

    private final Process process;
    private final Path log;
    final int httpPort;

    private BenchServer(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    static BenchServer start(String kind, Path work, Path war, Path echoWar, int httpPort) throws IOException {
        Files.createDirectories(work);
        Path log = work.resolve(kind + "-server.log");
        ProcessBuilder builder = switch (kind) {
            case "wildfly" -> wildfly(Path.of(System.getProperty("bench.wildfly.home")), war, echoWar, httpPort);
            case "payara" -> payara(Path.of(System.getProperty("bench.payara.jar")), work, war, echoWar, httpPort);
            default -> throw new IllegalArgumentException("bench.server must be wildfly or payara, was " + kind);
        };
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        // The service's own defaults, not whatever the shell that runs Maven has set.
        builder.environment().keySet().removeIf(name -> name.startsWith("CAPTCHA_") || name.equals("JAVA_OPTS"));
        System.out.println("Starting " + kind + " (log: " + log + ")");
        return new BenchServer(builder.start(), log, httpPort);
    }

    private static ProcessBuilder wildfly(Path home, Path war, Path echoWar, int httpPort) throws IOException {
        Path deployments = home.resolve("standalone/deployments");
        try (Stream<Path> old = Files.list(deployments)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        Files.copy(war, deployments.resolve("captcha-ws.war"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(echoWar, deployments.resolve("echo.war"), StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.http.port=" + httpPort,
                "-Djboss.https.port=" + (httpPort + 1),
                "-Djboss.management.http.port=" + (httpPort + 10),
                "-Djboss.management.https.port=" + (httpPort + 11),
                "-Djava.awt.headless=true",
                "--read-only-server-config=standalone.xml"));
        ProcessBuilder builder = new ProcessBuilder(command);
        // JVM options (-XX as well as -D) reach WildFly's JVM through its sizing variable, in place
        // of standalone.conf's -Xms64m -Xmx512m.
        builder.environment().put("JBOSS_JAVA_SIZING", String.join(" ", heap()) + " " + String.join(" ", serverProperties()));
        return builder;
    }

    private static List<String> heap() {
        String heap = System.getProperty("bench.server-heap");
        return List.of("-Xms" + heap, "-Xmx" + heap);
    }

    /** {@code bench.server-opts}: JVM options (-D, -XX) for a run that departs from the defaults (empty: none). */
    private static List<String> serverProperties() {
        String opts = System.getProperty("bench.server-opts", "").strip();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }

    private static ProcessBuilder payara(Path jar, Path work, Path war, Path echoWar, int httpPort) throws IOException {
        Path config = Path.of(System.getProperty("bench.payara.config"));
        // A fresh root: Micro would otherwise also boot what the last run left there.
        Path root = work.resolve("payara-root");
        if (Files.exists(root)) {
            try (Stream<Path> old = Files.walk(root)) {
                for (Path file : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(heap());
        command.addAll(List.of("-Djava.awt.headless=true", "-Dhazelcast.socket.bind.any=false"));
        command.addAll(serverProperties());
        command.addAll(List.of("-jar", jar.toString(),
                "--nocluster", "--port", Integer.toString(httpPort),
                "--prebootcommandfile", config.resolve("loopback.asadmin").toString(),
                "--rootDir", root.toString(),
                "--deploy", war.toString(), "--deploy", echoWar.toString()));
        return new ProcessBuilder(command);
    }

    /** The heap options the server's JVM was started with, as its command line has them. */
    String heapOptions() {
        return String.join(" ", jvm().info().arguments().stream().flatMap(Stream::of)
                .filter(argument -> argument.startsWith("-Xms") || argument.startsWith("-Xmx")).toList());
    }

    /** The JVM that runs the server (WildFly's script starts it as a child). */
    ProcessHandle jvm() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no server JVM under " + process.pid()));
    }

    /** Where the service writes its images, as it logged at deployment. */
    Optional<Path> imagesFolder() throws IOException {
        Matcher found = IMAGES_FOLDER.matcher(Files.readString(log));
        return found.find() ? Optional.of(Path.of(found.group(1))) : Optional.empty();
    }

    boolean alive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a jcmd command against the server JVM and returns its output. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(jvm().pid()));
        args.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
    }
}
