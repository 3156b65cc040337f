package org.captchaws.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The folder the web server publishes captcha images from.
 */
public final class ImageFolder {

    // Only names CaptchaFileNames makes, so no name can point outside the folder.
    private static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{32}\\.(png|gif)");
    private static final Pattern TEMP_NAME = Pattern.compile("\\.[0-9a-f]{32}\\.png\\.tmp");

    private final Path dir;

    public ImageFolder(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    /** Whether a name is one this folder would hold: anything else never touches the disk. */
    public static boolean isImageName(String fileName) {
        return fileName != null && FILE_NAME.matcher(fileName).matches();
    }

    /**
     * Writes the file under a hidden temporary name, then renames it, so a reader never sees part of an image.
     */
    public Path write(String fileName, byte[] bytes) throws IOException {
        requireImageName(fileName);
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

    /** Deletes an image; a missing one is no error, as a cleanup may have got there first. */
    public void delete(String fileName) throws IOException {
        requireImageName(fileName);
        Files.deleteIfExists(dir.resolve(fileName));
    }

    /**
     * Deletes the images, and temporary files a crash left, last written before {@code cutoff}:
     * also those of an earlier run, whose captchas no store remembers.
     *
     * @return how many files were deleted
     */
    public int deleteOlderThan(Instant cutoff) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean ours = FILE_NAME.matcher(name).matches() || TEMP_NAME.matcher(name).matches();
                if (ours && lastModified(file).isBefore(cutoff) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static Instant lastModified(Path file) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException goneMeanwhile) {
            return Instant.MAX;
        }
    }

    private static void requireImageName(String fileName) {
        if (!isImageName(fileName)) {
            throw new IllegalArgumentException("not a captcha image name: " + fileName);
        }
    }
}
