package org.captchaws.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.function.Supplier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The folder the web server publishes captcha images from. It remembers the files it wrote in
 * the order it wrote them, so their cleanup takes the oldest without listing the folder.
 *
 * <p>An image that is used up or outlived is not deleted but renamed to a hidden spare, whose
 * file the next image is written into: on a disk, deleting a file the kernel has written out
 * frees its blocks, which cost more than drawing the image (BENCHMARKS.md, "Second stop"),
 * and rewriting an existing small file frees and allocates nothing. So spares are kept while
 * images come and go, and after a burst only the surplus is deleted, a bounded number a second
 * ({@link #deleteSurplusSpares}), off the request path.
 */
public final class ImageFolder {

    private record Written(String fileName, long atMillis) {
    }

    // Only names CaptchaFileNames makes, so no name can point outside the folder.
    private static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{32}\\.(png|gif)");
    private static final Pattern TEMP_NAME = Pattern.compile("\\.[0-9a-f]{32}\\.(png|gif)\\.tmp|\\.[0-9a-f]{32}\\.spare");
    /**
     * Spares kept beyond the images written within the file lifetime: enough for a rate that
     * doubles, and for the retirements and new images of a second not matching one for one.
     */
    static final int MIN_SPARES = 1024;
    /** The spares' names are held in memory (about 140 bytes each): retired images beyond it are deleted. */
    static final int MAX_SPARES = 1 << 18;

    private final Path dir;
    private final Clock clock;
    private final Supplier<String> spareNames;
    private final int maxSpares;
    /** Oldest first: written in order of the clock, give or take the writers' races. Guarded by itself. */
    private final ArrayDeque<Written> written = new ArrayDeque<>();
    /** Hidden files of retired images, oldest first, to write new images into. Guarded by itself. */
    private final LinkedHashSet<String> spares = new LinkedHashSet<>();

    public ImageFolder(Path dir) {
        this(dir, Clock.systemUTC());
    }

    public ImageFolder(Path dir, Clock clock) {
        this(dir, clock, randomSpareNames());
    }

    /** @param spareNames names for spares: random, as a retired image's own name was a client's */
    ImageFolder(Path dir, Clock clock, Supplier<String> spareNames) {
        this(dir, clock, spareNames, MAX_SPARES);
    }

    /** @param maxSpares at most so many spares at once (tests make it small) */
    ImageFolder(Path dir, Clock clock, Supplier<String> spareNames, int maxSpares) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.spareNames = Objects.requireNonNull(spareNames, "spareNames");
        this.maxSpares = maxSpares;
    }

    private static Supplier<String> randomSpareNames() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] name = new byte[16];
            random.nextBytes(name);
            return "." + HexFormat.of().formatHex(name) + ".spare";
        };
    }

    public Path dir() {
        return dir;
    }

    /** Whether a name is one this folder would hold: anything else never touches the disk. */
    public static boolean isImageName(String fileName) {
        return fileName != null && FILE_NAME.matcher(fileName).matches();
    }

    /**
     * Writes the image into a spare's file, or a new file under a hidden temporary name, then
     * renames it, so a reader never sees part of an image.
     */
    public Path write(String fileName, byte[] bytes) throws IOException {
        requireImageName(fileName);
        Path target = dir.resolve(fileName);
        Path spare = takeSpare();
        if (spare != null) {
            try {
                return published(fileName, rewrite(spare, bytes, target));
            } catch (NoSuchFileException gone) {
                // A listing cleanup took the spare: write a new file.
            }
        }
        // The name never matches FILE_NAME, and is unique because the image name is.
        Path temp = dir.resolve("." + fileName + ".tmp");
        OutputStream out = createNew(temp);
        try {
            try (out) {
                out.write(bytes);
            }
            return published(fileName, Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE));
        } catch (IOException | RuntimeException e) {
            deleteAfter(e, temp);
            throw e;
        }
    }

    private OutputStream createNew(Path temp) throws IOException {
        try {
            return Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW);
        } catch (NoSuchFileException noFolder) {
            // Made when missing, not checked before every image: the folder may be removed while the service runs.
            Files.createDirectories(dir);
            return Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW);
        }
    }

    private Path published(String fileName, Path file) {
        synchronized (written) {
            written.addLast(new Written(fileName, clock.millis()));
        }
        return file;
    }

    private Path takeSpare() {
        synchronized (spares) {
            if (spares.isEmpty()) {
                return null;
            }
            String name = spares.iterator().next();
            spares.remove(name);
            return dir.resolve(name);
        }
    }

    /** The spare's file overwritten in place with {@code bytes}, then renamed to {@code target}. */
    private static Path rewrite(Path spare, byte[] bytes, Path target) throws IOException {
        try {
            try (FileChannel file = FileChannel.open(spare, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(bytes);
                while (content.hasRemaining()) {
                    file.write(content, content.position());
                }
                file.truncate(bytes.length);
            }
            return Files.move(spare, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            throw gone;
        } catch (IOException | RuntimeException e) {
            deleteAfter(e, spare);
            throw e;
        }
    }

    /** Deletes a file that {@code failure} left half written; a failure to delete goes with it. */
    private static void deleteAfter(Exception failure, Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * Takes an image off its name: renamed to a spare while there is room for one, else deleted.
     *
     * @return whether there was an image of that name
     */
    private boolean retire(String fileName) throws IOException {
        Path image = dir.resolve(fileName);
        String spareName = spareNames.get();
        boolean room;
        synchronized (spares) {
            room = spares.size() < maxSpares;
            if (room) {
                // Listed before the rename, so a listing cleanup running meanwhile leaves it alone.
                // A writer taking it before the rename is done finds no file and writes a new one.
                spares.add(spareName);
            }
        }
        if (!room) {
            return Files.deleteIfExists(image);
        }
        try {
            Files.move(image, dir.resolve(spareName), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException gone) {
            synchronized (spares) {
                spares.remove(spareName);
            }
            return false;
        } catch (IOException | RuntimeException e) {
            synchronized (spares) {
                spares.remove(spareName);
            }
            throw e;
        }
    }

    /**
     * Deletes the spares no rise in the rate could use soon: those beyond {@link #MIN_SPARES}
     * more than the images written within the file lifetime. Oldest first, at most
     * {@code atMost}, so that after a burst the folder shrinks back a bounded number of files a
     * call.
     *
     * @return how many spares were deleted
     */
    public int deleteSurplusSpares(int atMost) throws IOException {
        int keep;
        synchronized (written) {
            keep = MIN_SPARES + written.size();
        }
        List<String> surplus = new ArrayList<>();
        synchronized (spares) {
            Iterator<String> oldest = spares.iterator();
            while (surplus.size() < atMost && spares.size() > keep) {
                surplus.add(oldest.next());
                oldest.remove();
            }
        }
        // A spare that cannot be deleted is forgotten all the same: the listing cleanup takes it later.
        return removeEach(surplus, name -> Files.deleteIfExists(dir.resolve(name)));
    }

    private boolean isSpare(String name) {
        synchronized (spares) {
            return spares.contains(name);
        }
    }

    /**
     * Proves the folder takes files now: creates it if it is missing, writes a hidden empty file
     * and deletes it.
     *
     * @throws IOException why it does not
     */
    public void checkWritable() throws IOException {
        Files.createDirectories(dir);
        Files.delete(Files.createTempFile(dir, ".writable-", ".tmp"));
    }

    /** How many images the folder holds (temporary files not counted); 0 while it does not exist. */
    public long count() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long images = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (isImageName(file.getFileName().toString())) {
                    images++;
                }
            }
        }
        return images;
    }

    /**
     * Takes an image off its name (its file becomes a spare, or is deleted); a missing one is no
     * error, as a cleanup may have got there first.
     */
    public void delete(String fileName) throws IOException {
        requireImageName(fileName);
        retire(fileName);
    }

    /**
     * Takes the images this folder wrote before {@code cutoff} off their names (as
     * {@link #delete}), oldest first, without listing the folder: the cost is the files taken,
     * not the files there. Images already taken (answered) are no error.
     *
     * @return how many images were taken off their names
     */
    public int deleteWrittenBefore(Instant cutoff) throws IOException {
        return deleteWrittenBefore(cutoff, Integer.MAX_VALUE);
    }

    /**
     * As {@link #deleteWrittenBefore(Instant)}, at most {@code atMost} files: a bounded cost that
     * any thread may pay. Concurrent callers each take other files.
     */
    public int deleteWrittenBefore(Instant cutoff, int atMost) throws IOException {
        long cutoffMillis = cutoff.toEpochMilli();
        List<String> due = new ArrayList<>();
        synchronized (written) {
            while (due.size() < atMost && !written.isEmpty() && written.peekFirst().atMillis() < cutoffMillis) {
                due.add(written.pollFirst().fileName());
            }
        }
        // One that cannot be taken off its name is no longer due here: the listing cleanup takes it later.
        return removeEach(due, this::retire);
    }

    private interface Removal {
        /** @return whether there was a file to remove */
        boolean remove(String fileName) throws IOException;
    }

    /** Removes every name, the others still when one fails; the failures are thrown at the end. */
    private static int removeEach(List<String> fileNames, Removal removal) throws IOException {
        int removed = 0;
        IOException failed = null;
        for (String fileName : fileNames) {
            try {
                if (removal.remove(fileName)) {
                    removed++;
                }
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return removed;
    }

    /**
     * Lists the folder and deletes the images, temporary files a crash left and spares this
     * folder does not hold, last written before {@code cutoff}: also those of an earlier run,
     * whose captchas no store remembers.
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
                boolean ours = (FILE_NAME.matcher(name).matches() || TEMP_NAME.matcher(name).matches()) && !isSpare(name);
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
