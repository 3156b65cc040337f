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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Image captchas: generates one (text, picture, PNG file in the images folder, the answer
 * remembered for verification) and verifies answers. The file is complete before the reply
 * goes out, so a client may fetch it at once; it is deleted when the captcha is answered or
 * expires.
 */
@ApplicationScoped
public class ImageCaptchaService {

    private static final Logger LOG = Logger.getLogger(ImageCaptchaService.class.getName());
    private static final String KEY_PREFIX = "img:";
    /** Long enough to read what a frame shows, short enough that the frames make one word. */
    private static final int GIF_FRAME_MILLIS = 400;
    private static final int MIN_CHINESE = 2;
    private static final int MAX_CHINESE = 6;

    @Inject
    CaptchaSettings settings;

    @Inject
    Challenges challenges;

    private CaptchaTextGenerator texts;
    private CaptchaTextGenerator chineseTexts;
    private MathQuestions questions;
    private CaptchaRenderer renderer;
    private CaptchaRenderer chineseRenderer;
    private CaptchaFileNames names;
    private volatile ImageFolder folder;

    @PostConstruct
    void init() {
        SecureRandom random = new SecureRandom();
        texts = new CaptchaTextGenerator(
                settings.imageAlphabet().orElse(CaptchaTextGenerator.DEFAULT_ALPHABET), settings.imageLength(), random);
        renderer = new CaptchaRenderer(settings.imageWidth(), settings.imageHeight(), random);
        questions = new MathQuestions(random);
        String characters = ChineseCharacters.list();
        Font chineseFont = ChineseCharacters.font();
        List<String> missing = ChineseCharacters.withoutGlyph(chineseFont, characters);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the bundled Chinese font draws no glyph for " + missing);
        }
        if (settings.chineseLength() < MIN_CHINESE || settings.chineseLength() > MAX_CHINESE) {
            throw new IllegalArgumentException("captcha.image.chinese-length must be between " + MIN_CHINESE
                    + " and " + MAX_CHINESE + ", was " + settings.chineseLength());
        }
        chineseTexts = new CaptchaTextGenerator(characters, settings.chineseLength(), random);
        chineseRenderer = new CaptchaRenderer(settings.imageWidth(), settings.imageHeight(), random, chineseFont);
        names = settings.imageSalt()
                .map(salt -> new CaptchaFileNames(salt, random))
                .orElseGet(() -> new CaptchaFileNames(CaptchaFileNames.randomSalt(random), random));
        folder = settings.imageDir().map(dir -> new ImageFolder(Path.of(dir))).orElse(null);
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
        try {
            target.write(name, picture.bytes());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not write captcha image " + name + " to " + target.dir(), e);
            throw new CaptchaException(ErrorCode.IMAGE_FILE_FAILED, e);
        }
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

    /** Deletes the images of captchas past their time, also those an earlier run left. */
    public void deleteExpiredImages() {
        ImageFolder target = folder;
        if (target == null) {
            return;
        }
        try {
            int deleted = target.deleteOlderThan(Instant.now().minus(challenges.ttl()));
            LOG.log(Level.FINE, "Deleted {0} expired captcha images", deleted);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not clean up the images folder " + target.dir(), e);
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
