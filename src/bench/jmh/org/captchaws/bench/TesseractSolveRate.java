package org.captchaws.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many captchas of each generator Tesseract reads right, in four settings: page segmentation
 * mode 7 (one line) and 8 (one word), each with and without a whitelist of the characters that
 * generator uses. An answer counts as solved when it equals the text ignoring case and blanks (the
 * service compares answers ignoring case). Prints, and writes to {@code <out>/generator-ocr.md},
 * the table of BENCHMARKS.md. Usage: {@code TesseractSolveRate <out> <images per generator> [generator ...]}.
 */
public final class TesseractSolveRate {

    private static final String[][] SETTINGS = {{"7", "no"}, {"7", "yes"}, {"8", "no"}, {"8", "yes"}};

    private TesseractSolveRate() {
    }

    public static void main(String[] args) throws IOException, InterruptedException, ExecutionException {
        Path out = Path.of(args[0]);
        int images = Integer.parseInt(args[1]);
        List<Generators> generators = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            generators.add(Generators.valueOf(args[i]));
        }
        if (generators.isEmpty()) {
            generators.addAll(List.of(Generators.values()));
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "| Tesseract %s, solved of %d | psm 7 | psm 7 + whitelist | psm 8 | psm 8 + whitelist | best |%n"
                        + "| --- | ---: | ---: | ---: | ---: | ---: |%n", version(), images));
        // Two Tesseracts at a time, each on one core.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Generators generator : generators) {
                Path dir = out.resolve("ocr").resolve(generator.name().toLowerCase(Locale.ROOT));
                List<String> texts = writeImages(generator, dir, images);
                TreeSet<Character> used = new TreeSet<>();
                texts.forEach(t -> t.chars().forEach(c -> used.add((char) c)));
                StringBuilder whitelist = new StringBuilder();
                used.forEach(whitelist::append);
                List<Future<Integer>> solved = new ArrayList<>();
                for (String[] setting : SETTINGS) {
                    solved.add(pool.submit(() -> solved(dir, texts, generator.language, setting[0],
                            setting[1].equals("yes") ? whitelist.toString() : null)));
                }
                table.append("| ").append(generator.title);
                int best = 0;
                for (Future<Integer> count : solved) {
                    best = Math.max(best, count.get());
                    table.append(" | ").append(rate(count.get(), images));
                }
                table.append(" | **").append(rate(best, images)).append("** |\n");
                System.out.println(table);
            }
        } finally {
            pool.shutdownNow();
        }
        Files.writeString(out.resolve("generator-ocr.md"), table.toString());
    }

    private static String rate(int solved, int of) {
        return String.format(Locale.ROOT, "%d (%.1f%%)", solved, 100.0 * solved / of);
    }

    private static List<String> writeImages(Generators generator, Path dir, int images) throws IOException {
        Files.createDirectories(dir);
        Generators.Generator g = generator.create();
        List<String> texts = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            Generators.Captcha captcha = g.next();
            boolean gif = captcha.png()[0] == 'G';
            Path file = dir.resolve(String.format(Locale.ROOT, gif ? "%04d.gif" : "%04d.png", i));
            Files.write(file, captcha.png());
            texts.add(captcha.text());
            files.add(file.toAbsolutePath().toString());
        }
        Files.write(dir.resolve("images.txt"), files);
        Files.write(dir.resolve("answers.txt"), texts);
        return texts;
    }

    /** One Tesseract over all the images (its list-file input), so it loads its model once. */
    private static int solved(Path dir, List<String> texts, String language, String psm, String whitelist)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tesseract", dir.resolve("images.txt").toString(), "stdout",
                "-l", language, "--psm", psm));
        if (whitelist != null) {
            command.addAll(List.of("-c", "tessedit_char_whitelist=" + whitelist));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("tesseract failed: " + command);
        }
        // One page per image, separated by form feeds.
        String[] pages = output.split("\f", -1);
        int solved = 0;
        for (int i = 0; i < texts.size() && i < pages.length; i++) {
            if (normalized(pages[i]).equalsIgnoreCase(normalized(texts.get(i)))) {
                solved++;
            }
        }
        Files.writeString(dir.resolve("read-psm" + psm + (whitelist == null ? "" : "-whitelist") + ".txt"), output);
        return solved;
    }

    /** Without spaces, and the multiplication sign as the letter x an OCR reads it as. */
    private static String normalized(String text) {
        return text.replaceAll("\\s", "").replace('×', 'x');
    }

    private static String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("tesseract", "--version").redirectErrorStream(true).start();
        String first = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .findFirst().orElse("?");
        process.waitFor();
        return first.replace("tesseract ", "");
    }
}
