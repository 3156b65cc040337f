package org.captchaws.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The load benchmark of BENCHMARKS.md, run by {@code mvn -Pbench verify}: starts the server with
 * both WARs, then either
 * <ul>
 * <li>{@code bench.mode=load}: for each load (connections x requests in flight) the echo endpoint,
 * then image generation, each warmed up and then measured, and prints rps, p50 and p99 with the
 * ratios against echo from the same run; or</li>
 * <li>{@code bench.mode=capacity}: image generation at full speed for
 * {@code bench.capacity.seconds}, printing every 10 s the rate, latencies, refusals, the images
 * folder's file count and size, and (every minute, after a full GC) the server's live heap.</li>
 * </ul>
 * {@code bench.jfr=8x4} records a JFR of the server during that load's image measurement.
 */
public final class LoadBenchmark {

    private static final String GENERATE =
            "{\"id\":\"{id}\",\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{\"action\":\"generate\"}}";
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private record Load(int connections, int inFlight) {
        static Load parse(String text) {
            String[] parts = text.strip().split("x");
            return new Load(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        @Override
        public String toString() {
            return connections + "x" + inFlight;
        }
    }

    /**
     * A row, with the CPU time the server's and the client's processes spent per reply during it:
     * on a machine shared with other work, less noisy than the rates, and what decides them once
     * the cores are busy.
     */
    private record Row(String endpoint, Load load, LoadClient.Interval result, double serverCpuMicros,
                       double clientCpuMicros) {
        Row(String endpoint, Load load, Measured measured) {
            this(endpoint, load, measured.interval(), measured.serverCpuMicros(), measured.clientCpuMicros());
        }
    }

    private final BenchServer server;
    private final LoadClient client;
    private final URI echo;
    private final URI captcha;
    private final Path work;

    private LoadBenchmark(BenchServer server, LoadClient client, Path work) {
        this.server = server;
        this.client = client;
        this.work = work;
        this.echo = URI.create("ws://127.0.0.1:" + server.httpPort + "/echo/ws");
        this.captcha = URI.create("ws://127.0.0.1:" + server.httpPort + "/captcha/ws");
    }

    public static void main(String[] args) throws Exception {
        String kind = System.getProperty("bench.server", "wildfly");
        Path work = Path.of(System.getProperty("bench.work", "target/bench"));
        int port = Integer.getInteger("bench.http-port", 9380);
        try (LoadClient client = new LoadClient(Integer.getInteger("bench.client-threads", 1));
             BenchServer server = BenchServer.start(kind, work, Path.of(System.getProperty("bench.war")),
                     Path.of(System.getProperty("bench.echo-war")), port)) {
            LoadBenchmark bench = new LoadBenchmark(server, client, work);
            bench.awaitReady();
            System.out.printf(Locale.ROOT, "%s up; server JVM pid %d, %s, %d processors%n",
                    kind, server.jvm().pid(), server.heapOptions(), Runtime.getRuntime().availableProcessors());
            switch (System.getProperty("bench.mode", "load")) {
                case "load" -> bench.load(kind);
                case "capacity" -> bench.capacity();
                default -> throw new IllegalArgumentException("bench.mode must be load or capacity");
            }
        }
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        for (URI uri : List.of(echo, captcha)) {
            while (true) {
                try (LoadClient.Run probe = client.open(uri, GENERATE, 1, 1)) {
                    break;
                } catch (Exception notYet) {
                    if (!server.alive() || Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("the server did not come up:\n" + server.logTail(), notYet);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    private void load(String kind) throws Exception {
        List<Load> loads = Stream.of(System.getProperty("bench.loads", "1x1,8x4,32x8").split(","))
                .map(Load::parse).toList();
        Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 5));
        Duration measure = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
        String jfrAt = System.getProperty("bench.jfr", "");

        if (!jfrAt.isEmpty()) {
            // A JVM's first JFR recording throws its compiled code away (a JVMTI state change):
            // started before the JIT warm-up, the recorded row runs on compiled code, not the interpreter.
            server.jcmd("JFR.start", "name=armed", "settings=default", "maxage=10s");
        }
        System.out.println("JIT warm-up: 20 s of each endpoint at 8x4");
        measure(echo, new Load(8, 4), Duration.ofSeconds(20), Duration.ofSeconds(1), false);
        measure(captcha, new Load(8, 4), Duration.ofSeconds(20), Duration.ofSeconds(1), false);

        List<Row> rows = new ArrayList<>();
        for (Load load : loads) {
            rows.add(new Row("echo", load, measure(echo, load, warmup, measure, false)));
            rows.add(new Row("captcha", load, measure(captcha, load, warmup, measure, load.toString().equals(jfrAt))));
        }

        System.out.printf(Locale.ROOT, "%n== End to end on %s: %d s per row after %d s warm-up, load client on the same machine ==%n",
                kind, measure.toSeconds(), warmup.toSeconds());
        System.out.printf(Locale.ROOT, "%-8s %-6s %10s %9s %9s %9s %13s %13s  %s%n",
                "endpoint", "load", "rps", "p50 ms", "p99 ms", "refused", "server us/rep", "client us/rep", "by code");
        for (Row row : rows) {
            LoadClient.Interval r = row.result();
            System.out.printf(Locale.ROOT, "%-8s %-6s %10.0f %9.3f %9.3f %9d %13.1f %13.1f  %s%n", row.endpoint(),
                    row.load(), r.rps(), r.percentileMillis(50), r.percentileMillis(99), r.refusedCount(),
                    row.serverCpuMicros(), row.clientCpuMicros(), r.refused().isEmpty() ? "" : r.refused());
        }
        System.out.println("\ncaptcha against echo, same run:");
        for (int i = 0; i < rows.size(); i += 2) {
            LoadClient.Interval e = rows.get(i).result();
            LoadClient.Interval c = rows.get(i + 1).result();
            System.out.printf(Locale.ROOT,
                    "%-6s rps %5.1f%% of echo, p50 %5.1fx echo's, p99 %5.1fx echo's, server CPU per reply %5.1fx echo's%n",
                    rows.get(i).load(), 100 * c.rps() / e.rps(), c.percentileMillis(50) / e.percentileMillis(50),
                    c.percentileMillis(99) / e.percentileMillis(99),
                    rows.get(i + 1).serverCpuMicros() / rows.get(i).serverCpuMicros());
        }
        printTargets(rows);
    }

    private static void printTargets(List<Row> rows) {
        Map<String, LoadClient.Interval> byName = new LinkedHashMap<>();
        rows.forEach(row -> byName.put(row.endpoint() + " " + row.load(), row.result()));
        LoadClient.Interval echo8 = byName.get("echo 8x4");
        LoadClient.Interval captcha8 = byName.get("captcha 8x4");
        LoadClient.Interval echo1 = byName.get("echo 1x1");
        LoadClient.Interval captcha1 = byName.get("captcha 1x1");
        System.out.println("\ntargets (issue 12):");
        if (echo8 != null && captcha8 != null) {
            double share = captcha8.rps() / echo8.rps();
            System.out.printf(Locale.ROOT, "  8x4 rps >= 25%% of echo's: %.1f%% -> %s%n", 100 * share, share >= 0.25 ? "met" : "NOT met");
            double p99 = captcha8.percentileMillis(99);
            System.out.printf(Locale.ROOT, "  8x4 p99 <= 10 ms: %.2f ms -> %s%n", p99, p99 <= 10 ? "met" : "NOT met");
        }
        if (echo1 != null && captcha1 != null) {
            double ratio = captcha1.percentileMillis(50) / echo1.percentileMillis(50);
            System.out.printf(Locale.ROOT, "  1x1 p50 <= 4x echo's: %.1fx -> %s%n", ratio, ratio <= 4 ? "met" : "NOT met");
        }
    }

    private record Measured(LoadClient.Interval interval, double serverCpuMicros, double clientCpuMicros) {
    }

    private Measured measure(URI uri, Load load, Duration warmup, Duration measure, boolean jfr)
            throws Exception {
        try (LoadClient.Run run = client.open(uri, GENERATE, load.connections(), load.inFlight())) {
            run.start();
            Thread.sleep(warmup.toMillis());
            run.interval();
            // For whoever samples the server meanwhile (perf, /proc): the measured interval starts now.
            System.out.println("measuring " + uri.getPath() + " at " + load + " for " + measure.toSeconds() + " s");
            Duration serverBefore = serverCpu();
            Duration clientBefore = clientCpu();
            Path recording = work.resolve("captcha-" + load + ".jfr");
            if (jfr) {
                server.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + recording.toAbsolutePath());
            }
            LoadClient.Interval result = measureSeconds(run, uri, load, measure);
            Duration serverSpent = serverCpu().minus(serverBefore);
            Duration clientSpent = clientCpu().minus(clientBefore);
            if (jfr) {
                server.jcmd("JFR.stop", "name=bench");
                System.out.println("JFR of the server during captcha " + load + ": " + recording);
            }
            run.stop();
            long replies = Math.max(1, result.replies());
            return new Measured(result, serverSpent.toNanos() / 1e3 / replies, clientSpent.toNanos() / 1e3 / replies);
        }
    }

    /**
     * The interval, taken a second at a time: with {@code bench.timeline} each second is printed
     * with its wall-clock time, to line up a p99 with the server's GC log or its cleanups.
     */
    private static LoadClient.Interval measureSeconds(LoadClient.Run run, URI uri, Load load, Duration measure)
            throws InterruptedException {
        boolean timeline = Boolean.getBoolean("bench.timeline");
        long end = System.nanoTime() + measure.toNanos();
        LoadClient.Interval total = null;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            LoadClient.Interval second = run.interval();
            total = total == null ? second : total.plus(second);
            if (timeline) {
                System.out.printf(Locale.ROOT, "  %s %s %s %8.0f/s p50 %7.3f p99 %7.3f max %7.3f ms%n",
                        LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS), uri.getPath(), load,
                        second.rps(), second.percentileMillis(50), second.percentileMillis(99),
                        second.latencies().getMaxValue() / 1000.0);
            }
        }
        return total;
    }

    private Duration serverCpu() {
        return server.jvm().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static Duration clientCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private void capacity() throws Exception {
        Load load = Load.parse(System.getProperty("bench.capacity.load", "8x4"));
        Duration duration = Duration.ofSeconds(Integer.getInteger("bench.capacity.seconds", 600));
        Path images = server.imagesFolder().orElseThrow(() -> new IllegalStateException("no images folder in the log"));
        String settings = System.getProperty("bench.server-opts", "").isBlank()
                ? "default settings" : "settings " + System.getProperty("bench.server-opts").strip();
        System.out.printf(Locale.ROOT, "== Capacity: image generation at %s for %d s, %s; images in %s ==%n",
                load, duration.toSeconds(), settings, images);
        System.out.printf(Locale.ROOT, "%6s %9s %8s %8s %9s %9s %9s %8s %11s%n",
                "t s", "rps", "p50 ms", "p99 ms", "refused", "files", "MB", "oldest s", "live heap MB");
        long replies = 0;
        long refused = 0;
        long maxFiles = 0;
        double maxFolderMb = 0;
        long maxLiveHeapMb = 0;
        Map<Integer, Long> refusedByCode = new LinkedHashMap<>();
        Instant start = Instant.now();
        try (LoadClient.Run run = client.open(captcha, GENERATE, load.connections(), load.inFlight())) {
            run.start();
            for (int tick = 1; Duration.between(start, Instant.now()).compareTo(duration) < 0; tick++) {
                Thread.sleep(10_000);
                LoadClient.Interval interval = run.interval();
                replies += interval.replies();
                refused += interval.refusedCount();
                interval.refused().forEach((code, count) -> refusedByCode.merge(code, count, Long::sum));
                long[] folder = folder(images);
                maxFiles = Math.max(maxFiles, folder[0]);
                maxFolderMb = Math.max(maxFolderMb, folder[1] / 1e6);
                String heap = "";
                if (tick % 6 == 0) {
                    long live = liveHeapMb();
                    maxLiveHeapMb = Math.max(maxLiveHeapMb, live);
                    heap = Long.toString(live);
                }
                System.out.printf(Locale.ROOT, "%6d %9.0f %8.3f %8.3f %9d %9d %9.1f %8d %11s%n",
                        Duration.between(start, Instant.now()).toSeconds(), interval.rps(),
                        interval.percentileMillis(50), interval.percentileMillis(99), interval.refusedCount(),
                        folder[0], folder[1] / 1e6, folder[2], heap);
            }
            run.stop();
        }
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        System.out.printf(Locale.ROOT, "%nreplies %d in %d s (%.0f/s), refused %d %s%n", replies, seconds,
                (double) replies / seconds, refused, refusedByCode);
        System.out.printf(Locale.ROOT, "images folder at most %d files, %.1f MB; live heap after full GC at most %d MB%n",
                maxFiles, maxFolderMb, maxLiveHeapMb);
    }

    /** Files, bytes and the oldest file's age in seconds in the images folder now. */
    private static long[] folder(Path images) throws IOException {
        long files = 0;
        long bytes = 0;
        long oldest = System.currentTimeMillis();
        try (Stream<Path> all = Files.list(images)) {
            for (Path file : (Iterable<Path>) all::iterator) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    bytes += attributes.size();
                    oldest = Math.min(oldest, attributes.lastModifiedTime().toMillis());
                    files++;
                } catch (IOException goneMeanwhile) {
                    // deleted by the cleanup between listing and reading
                }
            }
        }
        return new long[]{files, bytes, (System.currentTimeMillis() - oldest) / 1000};
    }

    /** The server's heap in use right after a full collection: what is live. */
    private long liveHeapMb() throws Exception {
        server.jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(server.jcmd("GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
    }
}
