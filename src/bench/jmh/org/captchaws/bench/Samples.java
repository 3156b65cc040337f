package org.captchaws.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes captchas of this project's generator, as the service makes them, for people to look at:
 * {@code Samples <dir> <count>} writes {@code NN.png} and prints the Markdown of BENCHMARKS.md's
 * sample grid (the answers under the images).
 */
public final class Samples {

    private static final int COLUMNS = 4;

    private Samples() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        StringBuilder grid = new StringBuilder("|" + " |".repeat(COLUMNS) + "\n|" + " --- |".repeat(COLUMNS) + "\n");
        for (int i = 1; i <= count; i++) {
            Generators.Captcha captcha = Generators.Ours.SHARED.next();
            String name = String.format(Locale.ROOT, "%02d.png", i);
            Files.write(dir.resolve(name), captcha.png());
            grid.append(String.format(Locale.ROOT, "| ![%s](%s/%s)<br>`%s` ", captcha.text(), dir, name, captcha.text()));
            if (i % COLUMNS == 0 || i == count) {
                grid.append("|\n");
            }
        }
        System.out.print(grid);
    }
}
