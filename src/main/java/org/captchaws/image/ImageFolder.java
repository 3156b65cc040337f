package org.captchaws.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The folder the web server publishes captcha images from.
 */
public final class ImageFolder {

    // Only names CaptchaFileNames makes, so no name can point outside the folder.
    private static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{32}\\.png");

    private final Path dir;

    public ImageFolder(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes the file under a hidden temporary name, then renames it, so a reader never sees part of an image.
     */
    public Path write(String fileName, byte[] bytes) throws IOException {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("not a captcha image name: " + fileName);
        }
        // Every time, not once: the folder may have been removed while the service runs.
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName);
        // The name never matches FILE_NAME, and is unique because the image name is.
        Path temp = dir.resolve("." + fileName + ".tmp");
        OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW);
        try {
            try (out) {
                out.write(bytes);
            }
            return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
