package org.captchaws.image;

import org.captchaws.config.CaptchaSettings;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.store.Challenges;
import org.captchaws.store.MemoryChallengeStore;
import org.captchaws.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image service on its own: the file written before the reply, the answer remembered and
 * used up, every kind, the inline copy, the folder's failures and the files' lifetime. The store
 * is the real memory store.
 */
class ImageCaptchaServiceTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aCaptchaIsAFileInTheFolderWhoseTextVerifiesOnce() throws Exception {
        ImageCaptchaService images = service(dir, Duration.ofSeconds(30), 4);

        ImageCaptcha captcha = images.generate(CaptchaKind.TEXT, false);

        assertEquals(5, captcha.title().length());
        assertTrue(captcha.title().chars().allMatch(c -> CaptchaTextGenerator.DEFAULT_ALPHABET.indexOf(c) >= 0), captcha.title());
        assertTrue(captcha.addr().matches("[0-9a-f]{32}\\.png"), captcha.addr());
        BufferedImage picture = ImageIO.read(dir.resolve(captcha.addr()).toFile());
        assertEquals(160, picture.getWidth());
        assertEquals(60, picture.getHeight());
        assertNull(captcha.image(), "no inline copy unless asked");
        assertEquals(1, images.imageFiles());

        images.verify(captcha.addr(), captcha.title());

        assertFalse(Files.exists(dir.resolve(captcha.addr())), "a used captcha's image is deleted");
        assertEquals(ErrorCode.CHALLENGE_GONE.code(), refusal(() -> images.verify(captcha.addr(), captcha.title())));
    }

    @Test
    void aWrongAnswerLeavesTheCaptchaAndItsFile() throws Exception {
        ImageCaptchaService images = service(dir, Duration.ofSeconds(30), 4);
        ImageCaptcha captcha = images.generate(CaptchaKind.TEXT, false);

        assertEquals(ErrorCode.WRONG_ANSWER.code(), refusal(() -> images.verify(captcha.addr(), "wrong")));

        assertTrue(Files.exists(dir.resolve(captcha.addr())));
        images.verify(captcha.addr(), captcha.title());
    }

    @Test
    void aNameThatIsNoImageNameIsGoneWithoutTouchingTheDisk() throws Exception {
        ImageCaptchaService images = service(dir, Duration.ofSeconds(30), 4);
        Path outside = Files.writeString(dir.resolveSibling("victim.png"), "x");

        for (String addr : new String[] {"../victim.png", "victim.png", "", "a/../../victim.png"}) {
            assertEquals(ErrorCode.CHALLENGE_GONE.code(), refusal(() -> images.verify(addr, "abcde")), addr);
        }
        assertTrue(Files.exists(outside));
    }

    @Test
    void theInlineCopyHoldsTheFilesBytes() throws Exception {
        ImageCaptchaService images = service(dir, Duration.ofSeconds(30), 4);

        for (CaptchaKind kind : CaptchaKind.values()) {
            ImageCaptcha captcha = images.generate(kind, true);
            String type = kind == CaptchaKind.GIF ? "image/gif" : "image/png";
            String prefix = "data:" + type + ";base64,";
            assertTrue(captcha.image().startsWith(prefix), kind + ": " + captcha.image().substring(0, 30));
            assertArrayEquals(Files.readAllBytes(dir.resolve(captcha.addr())),
                    Base64.getDecoder().decode(captcha.image().substring(prefix.length())), kind.toString());
        }
    }

    @Test
    void eachKindHasItsAnswer() throws Exception {
        ImageCaptchaService images = service(dir, Duration.ofSeconds(30), 3);

        ImageCaptcha math = images.generate(CaptchaKind.MATH, false);
        assertTrue(math.title().matches("[1-9][0-9]*"), math.title());
        assertTrue(math.addr().endsWith(".png"));

        ImageCaptcha chinese = images.generate(CaptchaKind.CHINESE, false);
        assertEquals(3, chinese.title().length(), "the configured Chinese length");
        assertTrue(chinese.title().chars().allMatch(c -> ChineseCharacters.list().indexOf(c) >= 0), chinese.title());

        ImageCaptcha gif = images.generate(CaptchaKind.GIF, false);
        assertTrue(gif.addr().endsWith(".gif"), gif.addr());
        assertEquals(5, gif.title().length());
        assertEquals(5, gifFrames(Files.readAllBytes(dir.resolve(gif.addr()))), "a frame per character");

        for (ImageCaptcha captcha : new ImageCaptcha[] {math, chinese, gif}) {
            images.verify(captcha.addr(), captcha.title());
        }
        assertEquals(0, images.imageFiles());
    }

    @Test
    void withoutAFolderOrWithAnUnwritableOneTheCaptchaIs1000AndNothingIsRemembered() throws Exception {
        ImageCaptchaService unplaced = service(null, Duration.ofSeconds(30), 4);
        assertEquals(ErrorCode.IMAGE_FILE_FAILED.code(), refusal(() -> unplaced.generate(CaptchaKind.TEXT, false)));
        assertThrows(IOException.class, unplaced::checkFolderWritable);
        assertEquals(0, unplaced.imageFiles());

        // A file where the folder should be: nothing can be written under it.
        Path blocked = Files.writeString(dir.resolve("blocked"), "");
        ImageCaptchaService unwritable = service(blocked, Duration.ofSeconds(30), 4);
        assertEquals(ErrorCode.IMAGE_FILE_FAILED.code(), refusal(() -> unwritable.generate(CaptchaKind.TEXT, false)));
        assertThrows(IOException.class, unwritable::checkFolderWritable);
    }

    @Test
    void aWritableFolderPassesItsCheckAndTheFontsDrawEverything() throws Exception {
        ImageCaptchaService images = service(dir.resolve("made/on/demand"), Duration.ofSeconds(30), 4);

        images.checkFolderWritable();

        assertTrue(images.fontReady());
        try (var files = Files.list(dir.resolve("made/on/demand"))) {
            assertEquals(0, files.count(), "the check leaves nothing behind");
        }
    }

    @Test
    void filesPastTheirLifetimeAreDeletedWhileTheirAnswersStillVerify() throws Exception {
        ImageCaptchaService images = service(dir, Duration.ofMillis(50), 4);
        ImageCaptcha first = images.generate(CaptchaKind.TEXT, false);
        ImageCaptcha second = images.generate(CaptchaKind.TEXT, false);

        Eventually.await(Duration.ofSeconds(10), "both files deleted past their lifetime", () -> {
            images.deleteOutlivedImages();
            return images.imageFiles() == 0;
        });

        images.verify(first.addr(), first.title());
        images.verify(second.addr(), second.title());
    }

    /**
     * A new image goes into the file of an outlived one; those outlived by more than the grace
     * it also takes off their names, up to two, so the folder keeps within bounds when the
     * scheduled cleanup gets no CPU.
     */
    @Test
    void eachNewImageRewritesAnOutlivedOneAndTakesUpToTwoLongOutlivedWithIt() throws Exception {
        Duration lifetime = Duration.ofMillis(50);
        ImageCaptchaService images = service(dir, lifetime, 4);
        for (int i = 0; i < 5; i++) {
            images.generate(CaptchaKind.TEXT, false);
        }
        long start = System.nanoTime();
        Eventually.await(Duration.ofSeconds(10), "the five past their lifetime",
                () -> System.nanoTime() - start > lifetime.multipliedBy(2).toNanos());

        ImageCaptcha next = images.generate(CaptchaKind.TEXT, false);
        assertEquals(5, images.imageFiles(), "one outlived file rewritten, the others left to the next images");
        assertEquals(5, files(dir), "and no spare made");
        assertTrue(Files.exists(dir.resolve(next.addr())));

        Eventually.await(Duration.ofSeconds(10), "the other four past their lifetime and the grace",
                () -> System.nanoTime() - start > lifetime.plus(ImageCaptchaService.CLEANUP_GRACE).multipliedBy(2).toNanos());
        images.generate(CaptchaKind.TEXT, false);
        assertEquals(3, images.imageFiles(), "one more rewritten, two more taken off their names: the last old one and the two new");
        assertEquals(5, files(dir), "those two kept as spares");
    }

    /**
     * The scheduled cleanup deletes idle spares beyond the minimum, a bounded number a run (the
     * folder here counts spares idle at once: how long they must be is ImageFolderTest's).
     */
    @Test
    void theScheduledCleanupDeletesSurplusSparesABoundedNumberARun() throws Exception {
        // Longer than writing the images takes on a loaded machine: none may outlive it before the count.
        Duration lifetime = Duration.ofSeconds(10);
        ImageCaptchaService images = service(dir, lifetime, 4);
        images.folder = new ImageFolder(dir, Clock.systemUTC(), 0, ImageFolder.MAX_SPARES, Duration.ZERO);
        for (int i = 0; i < ImageFolder.MIN_SPARES + 2 * ImageCaptchaService.SURPLUS_SPARES_PER_RUN; i++) {
            images.generate(CaptchaKind.TEXT, false);
        }
        long written = System.nanoTime();
        long files = files(dir);
        assertTrue(files > ImageFolder.MIN_SPARES + ImageCaptchaService.SURPLUS_SPARES_PER_RUN,
                "more files than the minimum and one run's deletions: " + files);
        Eventually.await(lifetime.multipliedBy(3), "every image past its lifetime",
                () -> System.nanoTime() - written > lifetime.plus(ImageCaptchaService.CLEANUP_GRACE).plusMillis(100).toNanos());

        images.deleteOutlivedImages();
        assertEquals(0, images.imageFiles());
        assertEquals(files, files(dir), "all spares now, none idle before this run");

        images.deleteOutlivedImages();
        assertEquals(files - ImageCaptchaService.SURPLUS_SPARES_PER_RUN, files(dir), "one run's worth of spares deleted");
        for (long run = files; run > ImageFolder.MIN_SPARES; run -= ImageCaptchaService.SURPLUS_SPARES_PER_RUN) {
            images.deleteOutlivedImages();
        }
        assertEquals(ImageFolder.MIN_SPARES, files(dir), "the minimum stays");
    }

    private static long files(Path folder) throws IOException {
        try (Stream<Path> all = Files.list(folder)) {
            return all.count();
        }
    }

    @Test
    void leftOversOfAnEarlierRunAreDeletedByTheListingCleanup() throws Exception {
        Path old = Files.write(dir.resolve("0123456789abcdef0123456789abcdef.png"), new byte[] {1});
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofHours(1))));
        Path other = Files.writeString(dir.resolve("readme.txt"), "not ours");
        ImageCaptchaService images = service(dir, Duration.ofSeconds(30), 4);
        ImageCaptcha fresh = images.generate(CaptchaKind.TEXT, false);

        images.startLeftOverSweep();
        assertTrue(Files.exists(old), "listed, not yet gone through");
        images.deleteOutlivedImages();

        assertFalse(Files.exists(old));
        assertTrue(Files.exists(other));
        assertTrue(Files.exists(dir.resolve(fresh.addr())), "a file within its lifetime stays");
    }

    @Test
    void aFileLivesNoLongerThanItsAnswer() throws Exception {
        // File lifetime of an hour, answers of 50 ms: the file goes with its answer.
        ImageCaptchaService images = service(dir, Duration.ofHours(1), 4, Duration.ofMillis(50));
        images.generate(CaptchaKind.TEXT, false);

        Eventually.await(Duration.ofSeconds(10), "the file deleted with its answer's TTL", () -> {
            images.deleteOutlivedImages();
            return images.imageFiles() == 0;
        });
    }

    @Test
    void badSettingsStopTheService() {
        assertThrows(IllegalArgumentException.class, () -> service(dir, Duration.ofSeconds(30), 1));
        assertThrows(IllegalArgumentException.class, () -> service(dir, Duration.ofSeconds(30), 7));
        service(dir, Duration.ofSeconds(30), 2);
        service(dir, Duration.ofSeconds(30), 6);
        assertThrows(IllegalArgumentException.class, () -> service(dir, Duration.ZERO, 4));
        assertThrows(IllegalArgumentException.class, () -> service(dir, Duration.ofSeconds(-1), 4));
    }

    private static int refusal(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(CaptchaException.class, call).code();
    }

    private static int gifFrames(byte[] gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    private static ImageCaptchaService service(Path folder, Duration fileLifetime, int chineseLength) {
        return service(folder, fileLifetime, chineseLength, TTL);
    }

    private static ImageCaptchaService service(Path folder, Duration fileLifetime, int chineseLength, Duration ttl) {
        ImageCaptchaService images = new ImageCaptchaService();
        images.settings = new CaptchaSettings() {
            @Override
            public int imageLength() {
                return 5;
            }

            @Override
            public int chineseLength() {
                return chineseLength;
            }

            @Override
            public Optional<String> imageAlphabet() {
                return Optional.empty();
            }

            @Override
            public int imageWidth() {
                return 160;
            }

            @Override
            public int imageHeight() {
                return 60;
            }

            @Override
            public Optional<String> imageDir() {
                return Optional.ofNullable(folder).map(Path::toString);
            }

            @Override
            public Duration imageFileLifetime() {
                return fileLifetime;
            }

            @Override
            public Optional<String> imageSalt() {
                return Optional.empty();
            }
        };
        images.challenges = new Challenges(new MemoryChallengeStore(Clock.systemUTC(), 1000, Duration.ZERO),
                "a secret of the test, 32 bytes!!".getBytes(java.nio.charset.StandardCharsets.UTF_8), ttl, 3);
        images.init();
        return images;
    }
}
