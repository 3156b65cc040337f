package org.captchaws.bench;

import cn.hutool.captcha.AbstractCaptcha;
import cn.hutool.captcha.CaptchaUtil;
import com.google.code.kaptcha.impl.DefaultKaptcha;
import com.google.code.kaptcha.util.Config;
import com.wf.captcha.SpecCaptcha;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.captchaws.image.CaptchaRenderer;
import org.captchaws.image.CaptchaTextGenerator;
import org.captchaws.image.PngEncoder;
import static org.captchaws.bench.Generators.Size.HEIGHT;
import static org.captchaws.bench.Generators.Size.LENGTH;
import static org.captchaws.bench.Generators.Size.WIDTH;

/** The captcha generators compared, all at 160x60 with five characters, each making a text and its PNG. */
enum Generators {

    CAPTCHA_WS("captcha-ws", () -> () -> Ours.SHARED.next()),
    KAPTCHA("Kaptcha 2.3.2", Generators::kaptcha),
    EASY_CAPTCHA("EasyCaptcha 1.6.2 Spec", Generators::easyCaptcha),
    HUTOOL_LINE("Hutool 5.8.38 Line", () -> hutool(() -> CaptchaUtil.createLineCaptcha(WIDTH, HEIGHT))),
    HUTOOL_CIRCLE("Hutool 5.8.38 Circle", () -> hutool(() -> CaptchaUtil.createCircleCaptcha(WIDTH, HEIGHT))),
    HUTOOL_SHEAR("Hutool 5.8.38 Shear", () -> hutool(() -> CaptchaUtil.createShearCaptcha(WIDTH, HEIGHT)));


    /** The size of every generator's captchas. */
    static final class Size {
        static final int WIDTH = 160;
        static final int HEIGHT = 60;
        static final int LENGTH = 5;

        private Size() {
        }
    }

    /** A text and its PNG. */
    record Captcha(String text, byte[] png) {
    }

    /** Makes captchas; one per thread, as the libraries' objects are not all thread-safe. */
    interface Generator {
        Captcha next();
    }

    /** This project's, as the service uses it: one renderer and one SecureRandom shared by every thread. */
    static final class Ours {
        static final Ours SHARED = new Ours();

        final CaptchaTextGenerator texts;
        final CaptchaRenderer renderer;

        Ours() {
            SecureRandom random = new SecureRandom();
            texts = new CaptchaTextGenerator(CaptchaTextGenerator.DEFAULT_ALPHABET, LENGTH, random);
            renderer = new CaptchaRenderer(WIDTH, HEIGHT, random);
        }

        Captcha next() {
            String text = texts.next();
            return new Captcha(text, PngEncoder.encode(renderer.render(text)));
        }
    }


    final String title;
    private final Supplier<Generator> factory;

    Generators(String title, Supplier<Generator> factory) {
        this.title = title;
        this.factory = factory;
    }

    Generator create() {
        return factory.get();
    }

    static byte[] imageIoPng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Generator kaptcha() {
        Properties properties = new Properties();
        properties.setProperty("kaptcha.image.width", String.valueOf(WIDTH));
        properties.setProperty("kaptcha.image.height", String.valueOf(HEIGHT));
        properties.setProperty("kaptcha.textproducer.char.length", String.valueOf(LENGTH));
        DefaultKaptcha kaptcha = new DefaultKaptcha();
        kaptcha.setConfig(new Config(properties));
        return () -> {
            String text = kaptcha.createText();
            return new Captcha(text, imageIoPng(kaptcha.createImage(text)));
        };
    }

    private static Generator easyCaptcha() {
        // Loaded once: SpecCaptcha would otherwise read its font file for every image.
        Font font = new SpecCaptcha(WIDTH, HEIGHT, LENGTH).getFont();
        return () -> {
            SpecCaptcha captcha = new SpecCaptcha(WIDTH, HEIGHT, LENGTH, font);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            captcha.out(out);
            return new Captcha(captcha.text(), out.toByteArray());
        };
    }

    private static Generator hutool(Supplier<AbstractCaptcha> create) {
        AbstractCaptcha captcha = create.get();
        return () -> {
            captcha.createCode();
            return new Captcha(captcha.getCode(), captcha.getImageBytes());
        };
    }
}
