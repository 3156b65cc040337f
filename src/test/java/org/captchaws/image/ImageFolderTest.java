package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.captchaws.testing.Concurrently;
import org.captchaws.testing.MutableClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFolderTest {

    private static final String NAME = "0123456789abcdef0123456789abcdef.png";
    private static final byte[] BYTES = {1, 2, 3, 4};

    @TempDir
    Path temp;

    @Test
    void writesTheBytesUnderTheName() throws IOException {
        Path written = new ImageFolder(temp).write(NAME, BYTES);

        assertEquals(temp.resolve(NAME), written);
        assertArrayEquals(BYTES, Files.readAllBytes(written));
    }

    @Test
    void createsAMissingFolder() throws IOException {
        Path dir = temp.resolve("a").resolve("images");
        ImageFolder folder = new ImageFolder(dir);

        folder.write(NAME, BYTES);

        assertEquals(dir, folder.dir());
        assertArrayEquals(BYTES, Files.readAllBytes(dir.resolve(NAME)));
    }

    @Test
    void leavesOnlyTheImage() throws IOException {
        new ImageFolder(temp).write(NAME, BYTES);

        assertEquals(List.of(NAME), fileNames(temp));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.png", "", "x.png", "0123456789ABCDEF0123456789abcdef.png",
            "0123456789abcdef0123456789abcdef.PNG", "0123456789abcdef0123456789abcdef.png/",
            "../0123456789abcdef0123456789abcde.png", "/tmp/0123456789abcdef0123456789abcdef.png",
            ".0123456789abcdef0123456789abcdef.png.tmp", "0123456789abcdef0123456789abcdef0.png"})
    void rejectsNamesThatAreNotCaptchaNames(String name) throws IOException {
        ImageFolder folder = new ImageFolder(temp.resolve("images"));

        assertThrows(IllegalArgumentException.class, () -> folder.write(name, BYTES));
        assertEquals(List.of(), fileNames(temp));
    }

    @Test
    void failsWhenTheFolderCannotBeCreated() throws IOException {
        Path file = Files.write(temp.resolve("file"), BYTES);
        ImageFolder folder = new ImageFolder(file.resolve("images"));

        assertThrows(IOException.class, () -> folder.write(NAME, BYTES));
        assertEquals(List.of("file"), fileNames(temp));
        assertArrayEquals(BYTES, Files.readAllBytes(file));
    }

    @Test
    void somethingInTheWayOfANewImageFailsItAndStays() throws IOException {
        Files.createDirectories(temp.resolve(NAME).resolve("inside"));

        assertThrows(IOException.class, () -> new ImageFolder(temp).write(NAME, BYTES));
        assertEquals(List.of(NAME), fileNames(temp));
        assertTrue(Files.exists(temp.resolve(NAME).resolve("inside")));
    }

    @Test
    void aWritableFolderPassesTheCheckAndKeepsNoFile() throws IOException {
        Path dir = temp.resolve("images");

        new ImageFolder(dir).checkWritable();

        assertEquals(List.of(), fileNames(dir), "created, and left empty");
    }

    @Test
    void aFolderThatCannotBeCreatedFailsTheCheck() throws IOException {
        Path file = Files.write(temp.resolve("file"), BYTES);

        assertThrows(IOException.class, () -> new ImageFolder(file.resolve("images")).checkWritable());
    }

    @Test
    void aFileInPlaceOfTheFolderFailsTheCheck() throws IOException {
        Path file = Files.write(temp.resolve("images"), BYTES);

        assertThrows(IOException.class, () -> new ImageFolder(file).checkWritable());
    }

    @Test
    void countsTheImagesAlone() throws IOException {
        ImageFolder folder = new ImageFolder(temp);
        folder.write(NAME, BYTES);
        folder.write("fedcba9876543210fedcba9876543210.png", BYTES);
        Files.write(temp.resolve(".0123456789abcdef0123456789abcdee.png.tmp"), BYTES);
        Files.write(temp.resolve("notes.txt"), BYTES);
        Files.write(temp.resolve("0123456789abcdef0123456789abcdef.jpg"), BYTES);

        assertEquals(2, folder.count());
    }

    @Test
    void aMissingFolderHoldsNoImages() throws IOException {
        assertEquals(0, new ImageFolder(temp.resolve("missing")).count());
    }

    @Test
    void deletesTheFilesItWroteBeforeTheCutoffOldestFirstWithoutTouchingOthers() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        Instant start = clock.instant();
        folder.write(name('a'), BYTES);
        clock.advance(Duration.ofSeconds(1));
        folder.write(name('b'), BYTES);
        folder.delete(name('b'));
        clock.advance(Duration.ofSeconds(1));
        folder.write(name('c'), BYTES);
        // Not written by this folder: only the listing cleanup may take it.
        Files.write(temp.resolve(name('d')), BYTES);

        assertEquals(1, folder.deleteWrittenBefore(start.plusMillis(1500)), "a; b was already deleted");
        assertEquals(List.of(name('c'), name('d')), visible(temp));

        assertEquals(0, folder.deleteWrittenBefore(start.plusMillis(1500)), "nothing twice");
        assertEquals(1, folder.deleteWrittenBefore(start.plusSeconds(3)));
        assertEquals(List.of(name('d')), visible(temp));
    }

    @Test
    void deletingANameThatIsNotACaptchaNameTouchesNothing() throws IOException {
        Path outside = Files.write(temp.resolve(NAME), BYTES);
        ImageFolder folder = new ImageFolder(temp.resolve("images"));

        assertThrows(IllegalArgumentException.class, () -> folder.delete("../" + NAME));
        assertArrayEquals(BYTES, Files.readAllBytes(outside));
    }

    @Test
    void aFileWrittenAtTheCutoffIsNotWrittenBeforeIt() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        folder.write(NAME, BYTES);

        assertEquals(0, folder.deleteWrittenBefore(clock.instant()));
        assertEquals(1, folder.deleteWrittenBefore(clock.instant().plusMillis(1)));
    }

    /** A file that cannot be deleted (here a folder full of things in its place) stops none of the others. */
    @Test
    void filesThatCannotBeDeletedAreReportedAfterTheOthersAreGone() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock, NUMBERED_SPARES);
        for (char c : new char[]{'a', 'b', 'c'}) {
            folder.write(name(c), BYTES);
        }
        for (int spare = 0; spare < 2; spare++) {
            // A folder in the way of the spare a retired image becomes: it can be neither renamed nor deleted.
            Files.createDirectories(temp.resolve(spareName(spare)).resolve("inside"));
        }

        IOException failed = assertThrows(IOException.class, () -> folder.deleteWrittenBefore(clock.instant().plusSeconds(1)));

        assertEquals(temp.resolve(name('a')).toString(), ((java.nio.file.FileSystemException) failed).getFile());
        assertEquals(1, failed.getSuppressed().length, "b's failure, kept with a's");
        assertEquals(List.of(name('a'), name('b')), visible(temp), "c is gone");
    }

    /** A file can go between the listing and the look at its time (another instance cleaned it): no error. */
    @Test
    void theListingCleanupTakesAFileGoneMeanwhileInItsStride() throws IOException {
        Path gone = Files.createSymbolicLink(temp.resolve(name('a')), temp.resolve("nothing-here"));
        Path old = Files.write(temp.resolve(name('b')), BYTES);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertEquals(1, sweepAll(new ImageFolder(temp), Instant.now().minus(Duration.ofMinutes(1))));
        assertTrue(Files.isSymbolicLink(gone), "whose time is unknown, kept");
    }

    @Test
    void aBoundedCleanupTakesAtMostThatManyOldestFirst() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        for (char c : new char[]{'a', 'b', 'c'}) {
            folder.write(name(c), BYTES);
            clock.advance(Duration.ofSeconds(1));
        }

        assertEquals(2, folder.deleteWrittenBefore(clock.instant(), 2));
        assertEquals(List.of(name('c')), visible(temp));
    }

    @Test
    void writersCleaningUpAtOnceLoseNoFile() throws Exception {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        Instant later = clock.instant().plusSeconds(1);

        List<Integer> deleted = Concurrently.run(50, 30, racer -> {
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                folder.write(numbered(racer * 8 + i), BYTES);
                sum += folder.deleteWrittenBefore(later, 2);
            }
            return sum;
        });

        int left = visible(temp).size();
        assertEquals(400, deleted.stream().mapToInt(Integer::intValue).sum() + left);
        assertEquals(left, folder.deleteWrittenBefore(later), "every file still remembered");
        assertEquals(List.of(), visible(temp));
    }

    @Test
    void theListingCleanupTakesOldFilesWhoeverWroteThem() throws IOException {
        Path old = Files.write(temp.resolve(name('a')), BYTES);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Files.write(temp.resolve("." + name('b') + ".tmp"), BYTES);
        Files.setLastModifiedTime(temp.resolve("." + name('b') + ".tmp"), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Files.write(temp.resolve(name('c')), BYTES);
        Files.write(temp.resolve("other.txt"), BYTES);
        Files.setLastModifiedTime(temp.resolve("other.txt"), FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        assertEquals(2, sweepAll(new ImageFolder(temp), Instant.now().minus(Duration.ofMinutes(1))));
        assertEquals(List.of(name('c'), "other.txt"), fileNames(temp));
    }

    /** A used or outlived image's file takes the next image, rewritten exactly: no file is deleted or made. */
    @Test
    void aRetiredImagesFileTakesTheNextImage() throws IOException {
        ImageFolder folder = new ImageFolder(temp);
        byte[] large = new byte[3000];
        java.util.Arrays.fill(large, (byte) 7);
        Object inode = Files.getAttribute(folder.write(name('a'), large), "unix:ino");

        folder.delete(name('a'));

        assertFalse(Files.exists(temp.resolve(name('a'))), "gone from its name at once");
        assertEquals(List.of(), visible(temp));
        String spare = hidden(temp).get(0);
        assertTrue(spare.matches("\\.[0-9a-f]{32}\\.spare") && !spare.contains(name('a').substring(0, 32)),
                "a spare's name tells nothing of the image it was: " + spare);
        Path next = folder.write(name('b'), BYTES);
        assertArrayEquals(BYTES, Files.readAllBytes(next), "nothing of the larger image left");
        assertEquals(inode, Files.getAttribute(next, "unix:ino"), "the same file");
        assertEquals(List.of(name('b')), fileNames(temp), "no spare left over");
    }

    @Test
    void outlivedImagesTakeTheNextImagesToo() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        Object inode = Files.getAttribute(folder.write(name('a'), BYTES), "unix:ino");
        clock.advance(Duration.ofSeconds(1));

        assertEquals(1, folder.deleteWrittenBefore(clock.instant()));

        assertEquals(List.of(), visible(temp));
        assertEquals(inode, Files.getAttribute(folder.write(name('b'), BYTES), "unix:ino"));
    }

    /** A new image goes into the oldest outlived image's file, renamed: no spare on the way, nothing deleted or made. */
    @Test
    void anOutlivedImagesFileTakesTheNewImageUnderItsName() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        byte[] large = new byte[3000];
        java.util.Arrays.fill(large, (byte) 7);
        Object first = Files.getAttribute(folder.write(name('a'), large), "unix:ino");
        clock.advance(Duration.ofSeconds(1));
        Object second = Files.getAttribute(folder.write(name('b'), large), "unix:ino");
        Files.setLastModifiedTime(temp.resolve(name('a')), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        clock.advance(Duration.ofSeconds(1));

        Path next = folder.write(name('c'), BYTES, clock.instant().minusMillis(1500));

        assertEquals(first, Files.getAttribute(next, "unix:ino"), "the oldest outlived image's file");
        assertArrayEquals(BYTES, Files.readAllBytes(next), "nothing of the larger image left");
        assertEquals(List.of(name('b'), name('c')), fileNames(temp), "no spare, the younger image untouched");
        assertTrue(Files.getLastModifiedTime(next).toInstant().isAfter(Instant.now().minus(Duration.ofMinutes(1))),
                "its time is new, so no listing cleanup takes it for the old image");
        assertEquals(0, folder.deleteWrittenBefore(clock.instant().minusMillis(1500)), "taken off the written ones");
        assertEquals(second, Files.getAttribute(folder.write(name('d'), BYTES, clock.instant()), "unix:ino"),
                "the next outlived one takes the next image");
    }

    @Test
    void anImageWithinItsLifetimeKeepsItsFile() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        Object inode = Files.getAttribute(folder.write(name('a'), BYTES), "unix:ino");

        Path next = folder.write(name('b'), BYTES, clock.instant());

        assertFalse(inode.equals(Files.getAttribute(next, "unix:ino")), "a new file: a was written at the cutoff, not before");
        assertEquals(List.of(name('a'), name('b')), fileNames(temp));
    }

    /** An outlived image answered meanwhile is a spare already: the new image takes that, once. */
    @Test
    void anOutlivedImageAnsweredMeanwhileLeavesTheNewImageToASpare() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        Object inode = Files.getAttribute(folder.write(name('a'), BYTES), "unix:ino");
        folder.delete(name('a'));
        clock.advance(Duration.ofSeconds(1));

        Path next = folder.write(name('b'), BYTES, clock.instant());

        assertEquals(inode, Files.getAttribute(next, "unix:ino"), "the spare's file");
        assertEquals(List.of(name('b')), fileNames(temp));
    }

    /** An outlived image a listing cleanup (of this or another instance) deleted meanwhile: the new image is a new file. */
    @Test
    void anOutlivedImageDeletedMeanwhileLeavesTheNewImageToANewFile() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock);
        folder.write(name('a'), BYTES);
        Files.delete(temp.resolve(name('a')));
        clock.advance(Duration.ofSeconds(1));

        Path next = folder.write(name('b'), BYTES, clock.instant());

        assertArrayEquals(BYTES, Files.readAllBytes(next));
        assertEquals(List.of(name('b')), fileNames(temp));
    }

    /** At most so many spares wait (their names are in memory); the images retired beyond them are deleted. */
    @Test
    void sparesAreBounded() throws IOException {
        MutableClock clock = new MutableClock();
        int maxSpares = 8;
        ImageFolder folder = new ImageFolder(temp, clock, NUMBERED_SPARES, maxSpares);
        int images = maxSpares + 12;
        writeNumbered(folder, 0, images);
        // The last two answered and deleted elsewhere: once the spares are full, they count as not there.
        Files.delete(temp.resolve(numbered(images - 1)));
        Files.delete(temp.resolve(numbered(images - 2)));
        clock.advance(Duration.ofSeconds(1));

        assertEquals(images - 2, folder.deleteWrittenBefore(clock.instant()));

        assertEquals(List.of(), visible(temp));
        assertEquals(maxSpares, fileNames(temp).size());
    }

    /**
     * After a burst every retired image waits as a spare (deleting them would cost more than the
     * images did); only once no image needed them for {@link ImageFolder#SPARES_IDLE} do those
     * beyond the minimum go, oldest first, a bounded number a call.
     */
    @Test
    void surplusSparesGoABoundedNumberAtATimeOldestFirstOnceIdleLongEnough() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = spares(clock, ImageFolder.MIN_SPARES + 60);

        assertEquals(0, folder.deleteSurplusSpares(100), "there were no spares a moment ago");
        clock.advance(ImageFolder.SPARES_IDLE.minusSeconds(1));
        assertEquals(0, folder.deleteSurplusSpares(100), "not yet idle for the whole window");
        clock.advance(Duration.ofSeconds(1));
        // One of the oldest gone meanwhile (another instance's listing cleanup): not counted.
        Files.delete(temp.resolve(spareName(3)));
        assertEquals(14, folder.deleteSurplusSpares(15));
        assertFalse(hidden(temp).contains(spareName(14)), "the oldest go first");
        assertTrue(hidden(temp).contains(spareName(15)));
        assertEquals(60 - 15, folder.deleteSurplusSpares(100), "the rest of the surplus, the minimum stays");
        assertEquals(0, folder.deleteSurplusSpares(100));
        assertEquals(ImageFolder.MIN_SPARES, hidden(temp).size());
        assertEquals(List.of(), visible(temp));
    }

    /** The spares the images of the last minutes took are not surplus, even when they are spares again now. */
    @Test
    void sparesNeededWithinTheWindowStay() throws IOException {
        MutableClock clock = new MutableClock();
        int burst = ImageFolder.MIN_SPARES + 60;
        ImageFolder folder = spares(clock, burst);
        folder.deleteSurplusSpares(100);

        clock.advance(ImageFolder.SPARES_IDLE.dividedBy(2));
        writeNumbered(folder, burst, 50);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(50, folder.deleteWrittenBefore(clock.instant()));
        assertEquals(burst, hidden(temp).size(), "the 50 are spares again");
        assertEquals(0, folder.deleteSurplusSpares(100), "50 were taken since the last call: 10 idle, but the window is not over");

        clock.advance(ImageFolder.SPARES_IDLE.dividedBy(2));
        assertEquals(10, folder.deleteSurplusSpares(100), "only those no image took within the window");
        assertEquals(0, folder.deleteSurplusSpares(100));
        clock.advance(ImageFolder.SPARES_IDLE.dividedBy(2));
        assertEquals(50, folder.deleteSurplusSpares(100), "the others, once the window has passed them too");
        assertEquals(ImageFolder.MIN_SPARES, hidden(temp).size());
    }

    /** A folder holding {@code count} spares, the images written a second ago by the clock, then retired. */
    private ImageFolder spares(MutableClock clock, int count) throws IOException {
        ImageFolder folder = new ImageFolder(temp, clock, NUMBERED_SPARES);
        writeNumbered(folder, 0, count);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(count, folder.deleteWrittenBefore(clock.instant()));
        assertEquals(count, hidden(temp).size(), "every retired image a spare");
        return folder;
    }

    /** Surplus spares that cannot be deleted do not stop the others, and are reported after. */
    @Test
    void surplusSparesThatCannotBeDeletedAreReportedAfterTheOthersAreGone() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = spares(clock, ImageFolder.MIN_SPARES + 3);
        folder.deleteSurplusSpares(10);
        clock.advance(ImageFolder.SPARES_IDLE);
        // The oldest spare's file replaced by a folder with something inside: it cannot be deleted.
        Files.delete(temp.resolve(spareName(0)));
        Files.createDirectories(temp.resolve(spareName(0)).resolve("inside"));

        assertThrows(IOException.class, () -> folder.deleteSurplusSpares(10));

        assertFalse(Files.exists(temp.resolve(spareName(1))));
        assertFalse(Files.exists(temp.resolve(spareName(2))));
        assertEquals(0, folder.deleteSurplusSpares(10), "no longer held as a spare");
    }

    /** A folder removed while the service runs is made again by the next image, whose spare went with it. */
    @Test
    void aFolderRemovedMeanwhileIsMadeAgain() throws IOException {
        Path dir = temp.resolve("images");
        ImageFolder folder = new ImageFolder(dir);
        folder.write(name('a'), BYTES);
        folder.delete(name('a'));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.delete(file);
            }
        }
        Files.delete(dir);

        Path next = folder.write(name('b'), BYTES);

        assertArrayEquals(BYTES, Files.readAllBytes(next));
        assertEquals(List.of(name('b')), fileNames(dir));
    }

    /** The queue of written files wraps around and grows, and gives back every name as written, oldest first. */
    @Test
    void theWrittenFilesComeBackOldestFirstThroughTheQueuesGrowth() throws IOException {
        MutableClock clock = new MutableClock();
        ImageFolder folder = new ImageFolder(temp, clock, NUMBERED_SPARES, 0);
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String name = String.format("%016xfedcba98%08x.%s", Long.MIN_VALUE + i, i, i % 3 == 0 ? "gif" : "png");
            names.add(name);
            folder.write(name, BYTES);
            if (i == 999) {
                clock.advance(Duration.ofSeconds(1));
                assertEquals(600, folder.deleteWrittenBefore(clock.instant(), 600));
                assertTrue(names.subList(600, 1000).equals(visible(temp)), "the oldest 600 went first");
            }
        }
        Instant secondBatch = clock.instant();
        clock.advance(Duration.ofSeconds(1));

        assertEquals(1000 - 600, folder.deleteWrittenBefore(secondBatch), "only those written before");
        assertTrue(names.subList(1000, 3000).equals(visible(temp)), "those written after remain");
        assertEquals(2000, folder.deleteWrittenBefore(clock.instant().plusMillis(1)));
        assertEquals(List.of(), fileNames(temp));
    }

    /** The bound counts the spares waiting now, not all ever made: taken ones make room again. */
    @Test
    void sparesTakenMakeRoomForNewOnes() throws IOException {
        MutableClock clock = new MutableClock();
        int maxSpares = 8;
        ImageFolder folder = new ImageFolder(temp, clock, NUMBERED_SPARES, maxSpares);
        writeNumbered(folder, 0, maxSpares);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(maxSpares, folder.deleteWrittenBefore(clock.instant()));
        assertEquals(maxSpares, hidden(temp).size());

        writeNumbered(folder, maxSpares, maxSpares);
        assertEquals(List.of(), hidden(temp), "every spare taken, none passed over");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(maxSpares, folder.deleteWrittenBefore(clock.instant()));

        assertEquals(maxSpares, hidden(temp).size(), "all of them spares again");
        assertEquals(spareName(maxSpares), hidden(temp).get(0));
    }

    /** A retirement that finds its image gone takes back its spare's number: no number is wasted on it. */
    @Test
    void aRetirementOfAnImageGoneMeanwhileUsesNoSpare() throws IOException {
        ImageFolder folder = new ImageFolder(temp, new MutableClock(), NUMBERED_SPARES);
        folder.write(name('a'), BYTES);
        folder.write(name('b'), BYTES);
        Files.delete(temp.resolve(name('a')));

        folder.delete(name('a'));
        folder.delete(name('b'));

        assertEquals(List.of(spareName(0)), hidden(temp), "b's spare took the number a's would have had");
    }

    /** The listing cleanup takes a file named as this folder's spares but not among them (taken meanwhile, say). */
    @Test
    void theListingCleanupTakesAFileNamedLikeOurSparesThatIsNotOne() throws IOException {
        ImageFolder folder = new ImageFolder(temp, new MutableClock(), NUMBERED_SPARES);
        folder.write(name('a'), BYTES);
        folder.delete(name('a'));
        Path beyond = Files.write(temp.resolve(spareName(1)), BYTES);
        Path oddLength = Files.write(temp.resolve(spareName(2).replace(".spare", "0.spare")), BYTES);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (Path file : List.of(temp.resolve(spareName(0)), beyond, oddLength)) {
            Files.setLastModifiedTime(file, old);
        }

        assertEquals(1, sweepAll(folder, Instant.now().minus(Duration.ofMinutes(1))));

        assertEquals(List.of(spareName(0), oddLength.getFileName().toString()), fileNames(temp),
                "ours kept; one of another length is not a name this service makes at all");
    }

    /** Images numbered {@code from} on, {@code count} of them, in that order. */
    private static void writeNumbered(ImageFolder folder, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            folder.write(numbered(i), BYTES);
        }
    }

    private static String numbered(int number) {
        return String.format("%032x.png", number);
    }

    /** The spare token that makes the spares' names {@link #spareName}. */
    private static final long NUMBERED_SPARES = 0;

    private static String spareName(int number) {
        return String.format(".%032x.spare", number);
    }

    /** The listing cleanup leaves the spares this folder holds and takes those an earlier run left. */
    @Test
    void theListingCleanupTakesOnlyOthersSpares() throws IOException {
        ImageFolder folder = new ImageFolder(temp);
        folder.write(name('a'), BYTES);
        folder.delete(name('a'));
        Path mine = temp.resolve(hidden(temp).get(0));
        Path leftOver = Files.write(temp.resolve("." + "b".repeat(32) + ".spare"), BYTES);
        Path gifTemp = Files.write(temp.resolve("." + String.valueOf('c').repeat(32) + ".gif.tmp"), BYTES);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (Path file : List.of(mine, leftOver, gifTemp)) {
            Files.setLastModifiedTime(file, old);
        }

        assertEquals(2, sweepAll(folder, Instant.now().minus(Duration.ofMinutes(1))));

        assertEquals(List.of(mine.getFileName().toString()), fileNames(temp));
    }

    /** A spare that went meanwhile (another instance's listing cleanup) means a new file, not a failure. */
    @Test
    void aSpareGoneMeanwhileMeansANewFile() throws IOException {
        ImageFolder folder = new ImageFolder(temp);
        folder.write(name('a'), BYTES);
        folder.delete(name('a'));
        Files.delete(temp.resolve(hidden(temp).get(0)));

        Path next = folder.write(name('b'), BYTES);

        assertArrayEquals(BYTES, Files.readAllBytes(next));
        assertEquals(List.of(name('b')), fileNames(temp));
    }

    /** A listing cleanup goes through the folder a bounded number of files a step; a new listing starts only after it. */
    @Test
    void aListingCleanupGoesThroughABoundedNumberOfFilesAStep() throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (int i = 0; i < 10; i++) {
            Files.setLastModifiedTime(Files.write(temp.resolve(numbered(i)), BYTES), old);
        }
        ImageFolder folder = new ImageFolder(temp);
        Instant cutoff = Instant.now().minus(Duration.ofMinutes(1));

        assertEquals(0, folder.sweepOlderThan(cutoff, 100), "no listing started");
        assertTrue(folder.startSweep());
        assertEquals(3, folder.sweepOlderThan(cutoff, 3));
        assertEquals(7, fileNames(temp).size());
        assertFalse(folder.startSweep(), "one listing at a time");
        assertEquals(7, folder.sweepOlderThan(cutoff, 100));
        assertEquals(List.of(), fileNames(temp));

        Files.setLastModifiedTime(Files.write(temp.resolve(numbered(10)), BYTES), old);
        assertEquals(0, folder.sweepOlderThan(cutoff, 100), "that listing is over");
        assertTrue(folder.startSweep());
        assertEquals(1, folder.sweepOlderThan(cutoff, 100));
    }

    /** A listing that has ended lets go of its directory: one a few minutes, for as long as the service runs. */
    @Test
    void aListingThatEndedClosesItsDirectory() throws IOException {
        Path descriptors = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(descriptors), "a Linux /proc");
        ImageFolder folder = new ImageFolder(temp);
        folder.write(NAME, BYTES);
        long before = count(descriptors);

        for (int i = 0; i < 100; i++) {
            assertTrue(folder.startSweep());
            folder.sweepOlderThan(Instant.now().minus(Duration.ofMinutes(1)), 100);
        }

        assertTrue(count(descriptors) < before + 10, "file descriptors: " + before + " before, " + count(descriptors) + " after");
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    /** A file that cannot be deleted is reported after the listing has gone on through the others. */
    @Test
    void aLeftOverThatCannotBeDeletedDoesNotStopTheListingCleanup() throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Path stuck = Files.createDirectories(temp.resolve(numbered(0)));
        Files.write(stuck.resolve("inside"), BYTES);
        Files.setLastModifiedTime(stuck, old);
        for (int i = 1; i < 4; i++) {
            Files.setLastModifiedTime(Files.write(temp.resolve(numbered(i)), BYTES), old);
        }
        ImageFolder folder = new ImageFolder(temp);
        folder.startSweep();

        assertThrows(IOException.class, () -> folder.sweepOlderThan(Instant.now().minus(Duration.ofMinutes(1)), 100));

        assertEquals(List.of(numbered(0)), fileNames(temp));
        assertTrue(folder.startSweep(), "that listing went to its end");
    }

    @Test
    void aMissingFolderHasNothingToList() throws IOException {
        ImageFolder folder = new ImageFolder(temp.resolve("missing"));

        assertFalse(folder.startSweep());
        assertEquals(0, folder.sweepOlderThan(Instant.now(), 100));
    }

    /** A whole listing cleanup at once. */
    private static int sweepAll(ImageFolder folder, Instant cutoff) throws IOException {
        assertTrue(folder.startSweep());
        return folder.sweepOlderThan(cutoff, Integer.MAX_VALUE);
    }

    private static String name(char c) {
        return String.valueOf(c).repeat(32) + ".png";
    }

    private static List<String> hidden(Path dir) throws IOException {
        return fileNames(dir).stream().filter(name -> name.startsWith(".")).collect(Collectors.toList());
    }

    /** The names a client can be given: no spare or temporary file. */
    private static List<String> visible(Path dir) throws IOException {
        return fileNames(dir).stream().filter(name -> !name.startsWith(".")).collect(Collectors.toList());
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
