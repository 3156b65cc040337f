package org.captchaws.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * The service's settings. Environment variables follow MicroProfile Config's mapping, e.g.
 * {@code CAPTCHA_IMAGE_DIR} for {@code captcha.image.dir}.
 */
@ApplicationScoped
public class CaptchaSettings {

    @Inject
    @ConfigProperty(name = "captcha.ws.max-message-size", defaultValue = "65536")
    int maxMessageSize;

    @Inject
    @ConfigProperty(name = "captcha.image.length", defaultValue = "5")
    int imageLength;

    /** Characters in a {@code chinese} captcha, 2 to 6. */
    @Inject
    @ConfigProperty(name = "captcha.image.chinese-length", defaultValue = "4")
    int chineseLength;

    /** Empty means the default alphabet: letters and digits without look-alikes. */
    @Inject
    @ConfigProperty(name = "captcha.image.alphabet")
    Optional<String> imageAlphabet;

    @Inject
    @ConfigProperty(name = "captcha.image.width", defaultValue = "160")
    int imageWidth;

    @Inject
    @ConfigProperty(name = "captcha.image.height", defaultValue = "60")
    int imageHeight;

    /** Empty means the web app's own {@code images/} folder, served at {@code /captcha/images/}. */
    @Inject
    @ConfigProperty(name = "captcha.image.dir")
    Optional<String> imageDir;

    /**
     * How long an image's file stays in the folder: a browser fetches it at once, so it need not
     * last as long as its answer. The folder then holds about rate x this many files.
     */
    @Inject
    @ConfigProperty(name = "captcha.image.file-lifetime-seconds", defaultValue = "30")
    int imageFileLifetimeSeconds;

    /** Empty means a random salt per start: names then differ across restarts, which is harmless. */
    @Inject
    @ConfigProperty(name = "captcha.image.salt")
    Optional<String> imageSalt;

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public int imageLength() {
        return imageLength;
    }

    public int chineseLength() {
        return chineseLength;
    }

    public Optional<String> imageAlphabet() {
        return imageAlphabet;
    }

    public int imageWidth() {
        return imageWidth;
    }

    public int imageHeight() {
        return imageHeight;
    }

    public Optional<String> imageDir() {
        return imageDir;
    }

    public Duration imageFileLifetime() {
        return Duration.ofSeconds(imageFileLifetimeSeconds);
    }

    public Optional<String> imageSalt() {
        return imageSalt;
    }
}
