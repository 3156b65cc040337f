package org.captchaws.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The folder the web server publishes captcha images from. It remembers the files it wrote in
 * the order it wrote them, so their cleanup takes the oldest without listing the folder.
 *
 * <p>Image files are not deleted but rewritten: on a disk, deleting a file the kernel has
 * written out frees its blocks, which cost more than drawing the image (BENCHMARKS.md, "Second
 * stop"), and rewriting an existing small file frees and allocates nothing. A new image goes
 * into the file of an outlived one, renamed to the new name; an image that is used up, or
 * outlived with no new image to take its file, is renamed to a hidden spare, whose file a later
 * image is written into. So spares are kept while images come and go, and after a busy time
 * only the spares no image needed for minutes are deleted, a bounded number a second
 * ({@link #deleteSurplusSpares}), off the request path.
 */
public final class ImageFolder {

    // Only names CaptchaFileNames makes, so no name can point outside the folder.
    private static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{32}\\.(png|gif)");
    private static final Pattern TEMP_NAME = Pattern.compile("\\.[0-9a-f]{32}\\.(png|gif)\\.tmp|\\.[0-9a-f]{32}\\.spare");
    /**
     * Spares always kept, even when none was needed for a while: for the retirements and new
     * images of a second not matching one for one.
     */
    static final int MIN_SPARES = 1024;
    /**
     * Spares no image needed for this long are surplus. Long, because deleting them and making
     * new files when the rate rises again costs far more than the spares' disk: on the test
     * machine's ext4, a file made within a minute or more of deletions costs several times an
     * image (BENCHMARKS.md, "Seventh stop").
     */
    static final Duration SPARES_IDLE = Duration.ofMinutes(10);
    /** Spares at most: retired images beyond it are deleted. */
    static final int MAX_SPARES = 1 << 18;

    private static final HexFormat HEX = HexFormat.of();

    private final Path dir;
    private final Clock clock;
    private final int maxSpares;
    /** Oldest first: written in order of the clock, give or take the writers' races. Guarded by itself. */
    private final WrittenFiles written = new WrittenFiles();
    /**
     * The spares are the hidden files numbered from {@code oldestSpare} to before
     * {@code nextSpare}, each named by the folder's random {@code spareToken} and its number:
     * the folder holds two numbers, not a name per file.
     */
    private final String spareToken;
    private final Object sparesLock = new Object();
    private long oldestSpare;
    private long nextSpare;
    /** How long spares must go unneeded before they are surplus: the window of {@link #sparesLowWater}. */
    private final long sparesIdleMillis;
    /** The fewest spares held since the last {@link #deleteSurplusSpares}: none before the first. */
    private long fewestSpares;
    /**
     * {time, fewest spares held before it + spares deleted before it}, a record per
     * {@link #deleteSurplusSpares} within the window, rising: a record no lower than a later one
     * can never be the minimum again. Counting the deleted spares in lowers every record at once.
     */
    private final ArrayDeque<long[]> sparesLowWater = new ArrayDeque<>();
    private long surplusDeleted;
    /** The listing cleanup under way: the folder's listing and the files not yet looked at; null between listings. */
    private final Object sweepLock = new Object();
    private DirectoryStream<Path> sweep;
    private Iterator<Path> unswept;

    public ImageFolder(Path dir) {
        this(dir, Clock.systemUTC());
    }

    public ImageFolder(Path dir, Clock clock) {
        this(dir, clock, new SecureRandom().nextLong());
    }

    /** @param spareToken in every spare's name: random, as a retired image's own name was a client's */
    ImageFolder(Path dir, Clock clock, long spareToken) {
        this(dir, clock, spareToken, MAX_SPARES);
    }

    /** @param maxSpares at most so many spares at once (tests make it small) */
    ImageFolder(Path dir, Clock clock, long spareToken, int maxSpares) {
        this(dir, clock, spareToken, maxSpares, SPARES_IDLE);
    }

    /** @param sparesIdle spares no image needed for this long are surplus */
    ImageFolder(Path dir, Clock clock, long spareToken, int maxSpares, Duration sparesIdle) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.spareToken = "." + HEX.toHexDigits(spareToken);
        this.maxSpares = maxSpares;
        this.sparesIdleMillis = sparesIdle.toMillis();
    }

    public Path dir() {
        return dir;
    }

    /** Whether a name is one this folder would hold: anything else never touches the disk. */
    public static boolean isImageName(String fileName) {
        return fileName != null && FILE_NAME.matcher(fileName).matches();
    }

    /** As {@link #write(String, byte[], Instant)}, rewriting no outlived image's file. */
    public Path write(String fileName, byte[] bytes) throws IOException {
        return write(fileName, bytes, Long.MIN_VALUE);
    }

    /**
     * Writes the image into the file of the oldest image written before {@code outlivedBefore},
     * else into a spare's, and renames it once written, so a reader never sees part of an image
     * under its name; with neither, into a new file under its name. Rewriting an outlived image
     * saves the rename that would make it a spare: one of the two renames a recycled image costs
     * (BENCHMARKS.md, "Seventh stop").
     */
    public Path write(String fileName, byte[] bytes, Instant outlivedBefore) throws IOException {
        return write(fileName, bytes, outlivedBefore.toEpochMilli());
    }

    private Path write(String fileName, byte[] bytes, long outlivedBeforeMillis) throws IOException {
        requireImageName(fileName);
        Path target = dir.resolve(fileName);
        // An outlived image is rewritten under its old name and renamed after: its time is new
        // before its new name appears, so a listing cleanup never takes the new image.
        Path outlived = takeOutlived(outlivedBeforeMillis);
        if (outlived != null) {
            try {
                return published(fileName, rewrite(outlived, bytes, target));
            } catch (NoSuchFileException gone) {
                // Answered and retired meanwhile, or taken by a listing cleanup: try a spare.
            }
        }
        Path spare = takeSpare();
        if (spare != null) {
            try {
                return published(fileName, rewrite(spare, bytes, target));
            } catch (NoSuchFileException gone) {
                // A listing cleanup took the spare: write a new file.
            }
        }
        // Straight under its own name, no temporary name and rename: nobody knows the name before
        // this returns, and the cleanups take only files older than a lifetime.
        OutputStream out = createNew(target);
        try {
            try (out) {
                out.write(bytes);
            }
            return published(fileName, target);
        } catch (IOException | RuntimeException e) {
            deleteAfter(e, target);
            throw e;
        }
    }

    private OutputStream createNew(Path file) throws IOException {
        try {
            return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
        } catch (NoSuchFileException noFolder) {
            // Made when missing, not checked before every image: the folder may be removed while the service runs.
            Files.createDirectories(dir);
            return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
        }
    }

    private Path published(String fileName, Path file) {
        synchronized (written) {
            written.add(fileName, clock.millis());
        }
        return file;
    }

    private Path takeOutlived(long beforeMillis) {
        synchronized (written) {
            return written.size() > 0 && written.oldestAtMillis() < beforeMillis
                    ? dir.resolve(written.pollOldest()) : null;
        }
    }

    private Path takeSpare() {
        synchronized (sparesLock) {
            if (oldestSpare == nextSpare) {
                return null;
            }
            Path spare = dir.resolve(spareName(oldestSpare++));
            fewestSpares = Math.min(fewestSpares, nextSpare - oldestSpare);
            return spare;
        }
    }

    private String spareName(long number) {
        return spareToken + HEX.toHexDigits(number) + ".spare";
    }

    /** A spare's or an outlived image's file overwritten in place with {@code bytes}, then renamed to {@code target}. */
    private static Path rewrite(Path file, byte[] bytes, Path target) throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(bytes);
                while (content.hasRemaining()) {
                    channel.write(content, content.position());
                }
                channel.truncate(bytes.length);
            }
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            throw gone;
        } catch (IOException | RuntimeException e) {
            deleteAfter(e, file);
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
        long number;
        synchronized (sparesLock) {
            if (nextSpare - oldestSpare >= maxSpares) {
                number = -1;
            } else {
                // Numbered before the rename, so a listing cleanup running meanwhile leaves it alone.
                // A writer taking it before the rename is done finds no file and writes a new one.
                number = nextSpare++;
            }
        }
        if (number < 0) {
            return Files.deleteIfExists(image);
        }
        // On any other failure the number stays used: whatever is in the way under that name stays too.
        try {
            Files.move(image, dir.resolve(spareName(number)), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException gone) {
            unnumber(number);
            return false;
        }
    }

    /**
     * Takes back the number of a spare whose image was gone: the newest can be; another stays a
     * number without a file, which a writer taking it passes over.
     */
    private void unnumber(long number) {
        synchronized (sparesLock) {
            if (nextSpare == number + 1) {
                nextSpare = number;
            }
        }
    }

    /**
     * Deletes the spares no image needed within the last {@link #SPARES_IDLE} (none within that
     * time of the first call), beyond {@link #MIN_SPARES}: a folder keeps the files of its busiest
     * time for a while. Oldest first, at most {@code atMost}, so that after a busy time the folder
     * shrinks back a bounded number of files a call. Meant to be called regularly (every second):
     * each call also records how few spares were held since the last.
     *
     * @return how many spares were deleted
     */
    public int deleteSurplusSpares(int atMost) throws IOException {
        long now = clock.millis();
        List<String> surplus = new ArrayList<>();
        synchronized (sparesLock) {
            long fewest = fewestSpares + surplusDeleted;
            while (!sparesLowWater.isEmpty() && sparesLowWater.peekLast()[1] >= fewest) {
                sparesLowWater.pollLast();
            }
            sparesLowWater.addLast(new long[] {now, fewest});
            while (sparesLowWater.peekFirst()[0] <= now - sparesIdleMillis && sparesLowWater.size() > 1) {
                sparesLowWater.pollFirst();
            }
            // Until ten minutes after the first call, its record of none held (fewestSpares starts at 0) is the minimum.
            long idle = sparesLowWater.peekFirst()[1] - surplusDeleted;
            while (surplus.size() < atMost && idle - surplus.size() > MIN_SPARES) {
                surplus.add(spareName(oldestSpare++));
            }
            surplusDeleted += surplus.size();
            fewestSpares = nextSpare - oldestSpare;
        }
        // A spare that cannot be deleted is forgotten all the same: the listing cleanup takes it later.
        return removeEach(surplus, name -> Files.deleteIfExists(dir.resolve(name)));
    }

    private boolean isSpare(String name) {
        if (!name.startsWith(spareToken) || name.length() != spareToken.length() + 16 + ".spare".length()) {
            return false;
        }
        long number = HexFormat.fromHexDigitsToLong(name, spareToken.length(), spareToken.length() + 16);
        synchronized (sparesLock) {
            return oldestSpare <= number && number < nextSpare;
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
            while (due.size() < atMost && written.size() > 0 && written.oldestAtMillis() < cutoffMillis) {
                due.add(written.pollOldest());
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
     * Starts a listing of the folder for {@link #sweepOlderThan} to go through, unless one is
     * still under way.
     *
     * @return whether a new listing started
     */
    public boolean startSweep() throws IOException {
        synchronized (sweepLock) {
            if (sweep != null || !Files.isDirectory(dir)) {
                return false;
            }
            sweep = Files.newDirectoryStream(dir);
            unswept = sweep.iterator();
            return true;
        }
    }

    /**
     * Goes through up to {@code atMost} more files of the listing {@link #startSweep} started,
     * and deletes the images, temporary files a crash left and spares this folder does not hold,
     * last written before {@code cutoff}: also those of an earlier run, whose captchas no store
     * remembers. A listing of a full folder costs about a second of CPU (a file's time is a system
     * call): in steps, it never takes a core from the requests for that long.
     *
     * @return how many files were deleted
     * @throws IOException for the first file that could not be deleted, after the others were
     * (the next listing tries them all again)
     */
    public int sweepOlderThan(Instant cutoff, int atMost) throws IOException {
        synchronized (sweepLock) {
            int deleted = 0;
            IOException failed = null;
            for (int seen = 0; sweep != null && seen < atMost; seen++) {
                Path file;
                try {
                    file = unswept.hasNext() ? unswept.next() : null;
                } catch (DirectoryIteratorException listingFailed) {
                    endSweep();
                    throw listingFailed.getCause();
                }
                if (file == null) {
                    endSweep();
                    continue;
                }
                try {
                    if (deleteIfLeftOver(file, cutoff)) {
                        deleted++;
                    }
                } catch (IOException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
            return deleted;
        }
    }

    private void endSweep() throws IOException {
        DirectoryStream<Path> done = sweep;
        sweep = null;
        unswept = null;
        done.close();
    }

    /** Deletes {@code file} if it is one of the images, temporary files or spares a cleanup takes, written before the cutoff. */
    private boolean deleteIfLeftOver(Path file, Instant cutoff) throws IOException {
        String name = file.getFileName().toString();
        boolean ours = (FILE_NAME.matcher(name).matches() || TEMP_NAME.matcher(name).matches()) && !isSpare(name);
        return ours && lastModified(file).isBefore(cutoff) && Files.deleteIfExists(file);
    }

    private static Instant lastModified(Path file) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException goneMeanwhile) {
            return Instant.MAX;
        }
    }

    /**
     * The images written, oldest first, each as the 128 bits of its name and its time in
     * primitive arrays: at full speed some 200,000 are held at once, and as objects every young
     * collection copied them (BENCHMARKS.md, "Fifth stop").
     */
    private static final class WrittenFiles {
        private long[] high = new long[1024];
        private long[] low = new long[1024];
        private long[] atMillis = new long[1024];
        private boolean[] gif = new boolean[1024];
        private int oldest;
        private int size;

        /** @param fileName one that {@link #isImageName} accepts */
        void add(String fileName, long at) {
            if (size == high.length) {
                grow();
            }
            int slot = (oldest + size) % high.length;
            size++;
            high[slot] = HexFormat.fromHexDigitsToLong(fileName, 0, 16);
            low[slot] = HexFormat.fromHexDigitsToLong(fileName, 16, 32);
            gif[slot] = fileName.endsWith(".gif");
            atMillis[slot] = at;
        }

        int size() {
            return size;
        }

        long oldestAtMillis() {
            return atMillis[oldest];
        }

        String pollOldest() {
            String fileName = HEX.toHexDigits(high[oldest]) + HEX.toHexDigits(low[oldest]) + (gif[oldest] ? ".gif" : ".png");
            oldest = (oldest + 1) % high.length;
            size--;
            return fileName;
        }

        private void grow() {
            int length = high.length;
            high = inOrder(high, new long[2 * length], length);
            low = inOrder(low, new long[2 * length], length);
            atMillis = inOrder(atMillis, new long[2 * length], length);
            gif = inOrder(gif, new boolean[2 * length], length);
            oldest = 0;
        }

        /** The full ring's {@code length} entries, oldest first, at the start of {@code larger}. */
        private <A> A inOrder(A ring, A larger, int length) {
            int first = length - oldest;
            System.arraycopy(ring, oldest, larger, 0, first);
            System.arraycopy(ring, 0, larger, first, oldest);
            return larger;
        }
    }

    private static void requireImageName(String fileName) {
        if (!isImageName(fileName)) {
            throw new IllegalArgumentException("not a captcha image name: " + fileName);
        }
    }
}
