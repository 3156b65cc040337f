package org.captchaws.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.captchaws.image.PngEncoder;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link GeneratorBenchmark} with 1 and then 2 threads in one go, measures the average PNG size
 * of each generator, and prints (and writes to {@code <out>/generator-jmh.md}) the tables of
 * BENCHMARKS.md. Usage: {@code GeneratorBenchmarks <out> [JMH options]}.
 */
public final class GeneratorBenchmarks {

    private static final int PNG_SAMPLES = 500;
    private static final int[] THREADS = {1, 2};

    /** JMH method names and what the tables call them; the libraries after this project's three. */
    private static final Map<String, String> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("captchaWsRender", "captcha-ws render");
        ROWS.put("captchaWsEncode", "captcha-ws encode (PNG)");
        ROWS.put("captchaWsWhole", "captcha-ws whole (text + render + PNG)");
        ROWS.put("captchaWsMath", Generators.CAPTCHA_WS_MATH.title);
        ROWS.put("captchaWsChinese", Generators.CAPTCHA_WS_CHINESE.title);
        ROWS.put("captchaWsGif", Generators.CAPTCHA_WS_GIF.title);
        ROWS.put("kaptcha", Generators.KAPTCHA.title);
        ROWS.put("easyCaptcha", Generators.EASY_CAPTCHA.title);
        ROWS.put("hutoolLine", Generators.HUTOOL_LINE.title);
        ROWS.put("hutoolCircle", Generators.HUTOOL_CIRCLE.title);
        ROWS.put("hutoolShear", Generators.HUTOOL_SHEAR.title);
    }

    private static final int LIBRARIES_FROM = 6;

    private GeneratorBenchmarks() {
    }

    public static void main(String[] args) throws IOException, RunnerException, CommandLineOptionException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        CommandLineOptions jmh = new CommandLineOptions(Arrays.copyOfRange(args, 1, args.length));
        Map<Integer, Map<String, Result<?>>> scores = new LinkedHashMap<>();
        for (int threads : THREADS) {
            Collection<RunResult> results = new Runner(new OptionsBuilder()
                    .parent(jmh)
                    .include(GeneratorBenchmark.class.getName() + "\\.")
                    .mode(Mode.AverageTime)
                    .timeUnit(TimeUnit.MICROSECONDS)
                    .threads(threads)
                    .build()).run();
            Map<String, Result<?>> byName = new LinkedHashMap<>();
            for (RunResult result : results) {
                String name = result.getParams().getBenchmark();
                byName.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult());
            }
            scores.put(threads, byName);
        }
        String report = timeTable(scores) + "\n" + pngTable();
        System.out.println();
        System.out.println(report);
        Files.writeString(out.resolve("generator-jmh.md"), report);
    }

    private static String timeTable(Map<Integer, Map<String, Result<?>>> scores) {
        StringBuilder table = new StringBuilder();
        table.append("| us/image (JMH avgt, ± 99.9% error) | 1 thread | 2 threads |\n| --- | ---: | ---: |\n");
        for (Map.Entry<String, String> row : ROWS.entrySet()) {
            table.append("| ").append(row.getValue());
            for (int threads : THREADS) {
                Result<?> result = scores.get(threads).get(row.getKey());
                table.append(" | ").append(result == null ? "-"
                        : String.format(Locale.ROOT, "%.1f ± %.1f", result.getScore(), result.getScoreError()));
            }
            table.append(" |\n");
        }
        table.append('\n');
        for (int threads : THREADS) {
            Map<String, Result<?>> byName = scores.get(threads);
            String fastest = null;
            int i = 0;
            for (String name : ROWS.keySet()) {
                if (i++ >= LIBRARIES_FROM && byName.containsKey(name)
                        && (fastest == null || byName.get(name).getScore() < byName.get(fastest).getScore())) {
                    fastest = name;
                }
            }
            Result<?> ours = byName.get("captchaWsWhole");
            if (fastest == null || ours == null) {
                continue;
            }
            double ratio = ours.getScore() / byName.get(fastest).getScore();
            table.append(String.format(Locale.ROOT,
                    "- %d thread%s: captcha-ws whole %.1f us, fastest library %s %.1f us: ratio %.3f (target at most 0.333: %s)%n",
                    threads, threads == 1 ? "" : "s", ours.getScore(), ROWS.get(fastest),
                    byName.get(fastest).getScore(), ratio, ratio <= 1 / 3.0 ? "met" : "NOT met"));
        }
        return table.toString();
    }

    private static String pngTable() {
        StringBuilder table = new StringBuilder();
        table.append("| image bytes, average of ").append(PNG_SAMPLES).append(" images | bytes |\n| --- | ---: |\n");
        long ours = 0;
        long imageIo = 0;
        for (int i = 0; i < PNG_SAMPLES; i++) {
            BufferedImage image = Generators.Ours.SHARED.renderer.render(Generators.Ours.SHARED.texts.next());
            ours += PngEncoder.encode(image).length;
            imageIo += Generators.imageIoPng(image).length;
        }
        table.append(String.format(Locale.ROOT, "| %s (PngEncoder) | %d |%n", Generators.CAPTCHA_WS.title, ours / PNG_SAMPLES));
        table.append(String.format(Locale.ROOT, "| %s, the same pictures through ImageIO.write | %d |%n",
                Generators.CAPTCHA_WS.title, imageIo / PNG_SAMPLES));
        for (Generators generator : Generators.values()) {
            if (generator == Generators.CAPTCHA_WS) {
                continue;
            }
            Generators.Generator g = generator.create();
            long bytes = 0;
            for (int i = 0; i < PNG_SAMPLES; i++) {
                bytes += g.next().png().length;
            }
            table.append(String.format(Locale.ROOT, "| %s | %d |%n", generator.title, bytes / PNG_SAMPLES));
        }
        table.append(String.format(Locale.ROOT, "%n- PngEncoder / ImageIO.write of the same pictures: %.3f (target at most 1: %s)%n",
                (double) ours / imageIo, ours <= imageIo ? "met" : "NOT met"));
        return table.toString();
    }
}
