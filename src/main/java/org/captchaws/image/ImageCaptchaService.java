package org.captchaws.image;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.servlet.ServletContext;
import org.captchaws.config.CaptchaSettings;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.store.Challenges;

import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Image captchas: generates one (text, picture, PNG file in the images folder, the answer
 * remembered for verification) and verifies answers. The file is complete before the reply
 * goes out, so a client may fetch it at once; it is taken off its name (its file kept as a
 * spare for a later image, see {@link ImageFolder}) when the captcha is answered; once its file
 * lifetime (at most the answer's TTL) is over, a new image's file takes its place, or a cleanup
 * takes it off a grace later.
 */
@ApplicationScoped
public class ImageCaptchaService {

    private static final Logger LOG = Logger.getLogger(ImageCaptchaService.class.getName());
    private static final String KEY_PREFIX = "img:";
    /**
     * Each new image takes up to this many long-outlived ones with it (besides the one whose file
     * it rewrites): the folder stays within rate x (lifetime + grace) even when the scheduled
     * cleanup gets little CPU or a slow disk, at a bounded cost (a few renames, never a listing).
     */
    private static final int OUTLIVED_PER_IMAGE = 2;
    /**
     * The cleanups take only images outlived by this much: a younger outlived image's file is
     * left for a new image to rewrite, which saves renaming it to a spare.
     */
    static final Duration CLEANUP_GRACE = Duration.ofSeconds(1);
    /**
     * Spares deleted per cleanup run (once a second) once no image needed them for minutes: on a
     * disk a deletion costs about as much CPU as an image, so this is at most a few percent of a
     * core.
     */
    static final int SURPLUS_SPARES_PER_RUN = 200;
    /**
     * Files of a listing of the folder looked at per cleanup run (once a second): about 30 ms of
     * CPU a run, and a listing of a folder of 250,000 files done within a minute.
     */
    static final int SWEPT_PER_RUN = 5_000;
    /** Long enough to read what a frame shows, short enough that the frames make one word. */
    private static final int GIF_FRAME_MILLIS = 400;
    private static final int MIN_CHINESE = 2;
    private static final int MAX_CHINESE = 6;

    @Inject
    CaptchaSettings settings;

    @Inject
    Challenges challenges;

    private String alphabet;
    private CaptchaTextGenerator texts;
    private String chineseCharacters;
    private CaptchaTextGenerator chineseTexts;
    private MathQuestions questions;
    private CaptchaRenderer renderer;
    private CaptchaRenderer chineseRenderer;
    private CaptchaFileNames names;
    private Duration fileLifetime;
    // Package-private: a test gives it a folder of its own making.
    volatile ImageFolder folder;

    @PostConstruct
    void init() {
        SecureRandom random = new SecureRandom();
        alphabet = settings.imageAlphabet().orElse(CaptchaTextGenerator.DEFAULT_ALPHABET);
        texts = new CaptchaTextGenerator(alphabet, settings.imageLength(), random);
        renderer = new CaptchaRenderer(settings.imageWidth(), settings.imageHeight(), random);
        questions = new MathQuestions(random);
        chineseCharacters = ChineseCharacters.list();
        Font chineseFont = ChineseCharacters.font();
        List<String> missing = ChineseCharacters.withoutGlyph(chineseFont, chineseCharacters);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the bundled Chinese font draws no glyph for " + missing);
        }
        if (settings.chineseLength() < MIN_CHINESE || settings.chineseLength() > MAX_CHINESE) {
            throw new IllegalArgumentException("captcha.image.chinese-length must be between " + MIN_CHINESE
                    + " and " + MAX_CHINESE + ", was " + settings.chineseLength());
        }
        chineseTexts = new CaptchaTextGenerator(chineseCharacters, settings.chineseLength(), random);
        chineseRenderer = new CaptchaRenderer(settings.imageWidth(), settings.imageHeight(), random, chineseFont);
        names = settings.imageSalt()
                .map(salt -> new CaptchaFileNames(salt, random))
                .orElseGet(() -> new CaptchaFileNames(CaptchaFileNames.randomSalt(random), random));
        folder = settings.imageDir().map(dir -> new ImageFolder(Path.of(dir))).orElse(null);
        if (settings.imageFileLifetime().isNegative() || settings.imageFileLifetime().isZero()) {
            throw new IllegalArgumentException("captcha.image.file-lifetime-seconds must be positive, was "
                    + settings.imageFileLifetime().toSeconds());
        }
        // An image whose answer has expired is of no use to anyone.
        fileLifetime = settings.imageFileLifetime().compareTo(challenges.ttl()) < 0
                ? settings.imageFileLifetime() : challenges.ttl();
    }

    /**
     * Without a configured folder the images go into the web app's own {@code images/}, which
     * the container serves. The real path is known only once the web app is up; Payara gives
     * none for a folder that does not exist yet, so this resolves the app's root.
     */
    void locateImagesFolder(@Observes @Priority(Interceptor.Priority.APPLICATION)
                            @Initialized(ApplicationScoped.class) ServletContext context) {
        if (folder == null) {
            String root = context.getRealPath("/");
            if (root == null) {
                LOG.warning("The web app is not unpacked and captcha.image.dir is not set: "
                        + "image captchas will fail with " + ErrorCode.IMAGE_FILE_FAILED.code());
                return;
            }
            folder = new ImageFolder(Path.of(root, "images"));
        }
        LOG.info("Captcha images are written to " + folder.dir());
    }

    /**
     * A new captcha of {@code kind}: its file is written before this returns; with
     * {@code inline} the reply carries the same bytes as a {@code data:} URL.
     */
    public ImageCaptcha generate(CaptchaKind kind, boolean inline) throws CaptchaException {
        ImageFolder target = folder;
        if (target == null) {
            throw new CaptchaException(ErrorCode.IMAGE_FILE_FAILED);
        }
        Picture picture = draw(kind);
        String name = names.newName(picture.answer(), picture.format().extension());
        // Remembered before the file is written: a store that is down then leaves no orphan file.
        challenges.issue(KEY_PREFIX + name, picture.answer());
        Instant outlivedBefore = Instant.now().minus(fileLifetime);
        try {
            target.write(name, picture.bytes(), outlivedBefore);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not write captcha image " + name + " to " + target.dir(), e);
            throw new CaptchaException(ErrorCode.IMAGE_FILE_FAILED, e);
        }
        deleteOutlived(target, OUTLIVED_PER_IMAGE);
        return new ImageCaptcha(picture.answer(), name, inline ? picture.dataUrl() : null);
    }

    private Picture draw(CaptchaKind kind) {
        return switch (kind) {
            case TEXT -> png(texts.next(), renderer);
            case CHINESE -> png(chineseTexts.next(), chineseRenderer);
            case MATH -> {
                MathQuestions.Question question = questions.next();
                yield new Picture(question.answer(), ImageFormat.PNG, PngEncoder.encode(renderer.render(question.text())));
            }
            case GIF -> {
                String text = texts.next();
                yield new Picture(text, ImageFormat.GIF, GifEncoder.encode(renderer.renderFrames(text), GIF_FRAME_MILLIS));
            }
        };
    }

    private static Picture png(String text, CaptchaRenderer renderer) {
        return new Picture(text, ImageFormat.PNG, PngEncoder.encode(renderer.render(text)));
    }

    /** An image's answer and its encoded bytes. */
    private record Picture(String answer, ImageFormat format, byte[] bytes) {
        String dataUrl() {
            return "data:" + format.mediaType() + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** Checks an answer against the captcha whose image is {@code addr}; a right answer uses it up. */
    public void verify(String addr, String answer) throws CaptchaException {
        if (!ImageFolder.isImageName(addr)) {
            throw new CaptchaException(ErrorCode.CHALLENGE_GONE);
        }
        challenges.verify(KEY_PREFIX + addr, answer);
        deleteQuietly(addr);
    }

    /** Whether the bundled fonts are loaded and draw every character of the alphabet and of the Chinese list. */
    public boolean fontReady() {
        return renderer.canDraw(alphabet) && chineseRenderer.canDraw(chineseCharacters);
    }

    /**
     * Proves that the images folder takes files now.
     *
     * @throws IOException why not; also when there is no folder (the web app is not unpacked)
     */
    public void checkFolderWritable() throws IOException {
        ImageFolder target = folder;
        if (target == null) {
            throw new IOException("no images folder: set captcha.image.dir");
        }
        target.checkWritable();
    }

    /** How many images the folder holds; 0 without a folder. */
    public long imageFiles() throws IOException {
        ImageFolder target = folder;
        return target == null ? 0 : target.count();
    }

    /**
     * Takes the files this service wrote that are past their lifetime and {@link #CLEANUP_GRACE}
     * off their names (no listing of the folder), deletes up to {@value #SURPLUS_SPARES_PER_RUN}
     * spares no image needed for minutes, and goes on with the listing cleanup
     * ({@link #startLeftOverSweep}).
     */
    public void deleteOutlivedImages() {
        ImageFolder target = folder;
        if (target != null) {
            deleteOutlived(target, Integer.MAX_VALUE);
            try {
                int deleted = target.deleteSurplusSpares(SURPLUS_SPARES_PER_RUN);
                LOG.log(Level.FINE, "Deleted {0} surplus spare image files", deleted);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not delete surplus spare image files in " + target.dir(), e);
            }
            try {
                int deleted = target.sweepOlderThan(Instant.now().minus(fileLifetime), SWEPT_PER_RUN);
                LOG.log(Level.FINE, "Deleted {0} left-over captcha images", deleted);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not clean up the images folder " + target.dir(), e);
            }
        }
    }

    private void deleteOutlived(ImageFolder target, int atMost) {
        try {
            int deleted = target.deleteWrittenBefore(Instant.now().minus(fileLifetime).minus(CLEANUP_GRACE), atMost);
            LOG.log(Level.FINE, "Deleted {0} captcha images past their lifetime", deleted);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not clean up the images folder " + target.dir(), e);
        }
    }

    /**
     * Starts a listing of the whole folder, for the images past their lifetime that an earlier
     * run or another instance sharing the folder left; {@link #deleteOutlivedImages} goes through
     * it {@value #SWEPT_PER_RUN} files a run.
     */
    public void startLeftOverSweep() {
        ImageFolder target = folder;
        if (target == null) {
            return;
        }
        try {
            target.startSweep();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not list the images folder " + target.dir(), e);
        }
    }

    private void deleteQuietly(String addr) {
        ImageFolder target = folder;
        if (target == null) {
            return;
        }
        try {
            target.delete(addr);
        } catch (IOException e) {
            // The answer stands; the scheduled cleanup will take the file when it expires.
            LOG.log(Level.WARNING, "Could not delete the used captcha image " + addr, e);
        }
    }
}
