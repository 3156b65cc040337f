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
import org.captchaws.image.ChineseCharacters;
import org.captchaws.image.GifEncoder;
import org.captchaws.image.MathQuestions;
import org.captchaws.image.CaptchaTextGenerator;
import org.captchaws.image.PngEncoder;
import static org.captchaws.bench.Generators.Size.HEIGHT;
import static org.captchaws.bench.Generators.Size.LENGTH;
import static org.captchaws.bench.Generators.Size.WIDTH;

/** The captcha generators compared, all at 160x60 with five characters, each making a text and its PNG. */
enum Generators {

    CAPTCHA_WS("captcha-ws", () -> () -> Ours.SHARED.next()),
    CAPTCHA_WS_MATH("captcha-ws math", () -> () -> Ours.SHARED.math()),
    CAPTCHA_WS_CHINESE("captcha-ws chinese", () -> () -> Ours.SHARED.chinese(), "chi_sim"),
    CAPTCHA_WS_GIF("captcha-ws gif (GIF bytes)", () -> () -> Ours.SHARED.gif()),
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

    /** A text as drawn and its image (a PNG; for the gif kind a GIF). */
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
        final MathQuestions questions;
        final CaptchaTextGenerator chineseTexts;
        final CaptchaRenderer chineseRenderer;

        Ours() {
            SecureRandom random = new SecureRandom();
            texts = new CaptchaTextGenerator(CaptchaTextGenerator.DEFAULT_ALPHABET, LENGTH, random);
            renderer = new CaptchaRenderer(WIDTH, HEIGHT, random);
            questions = new MathQuestions(random);
            chineseTexts = new CaptchaTextGenerator(ChineseCharacters.list(), 4, random);
            chineseRenderer = new CaptchaRenderer(WIDTH, HEIGHT, random, ChineseCharacters.font());
        }

        Captcha next() {
            String text = texts.next();
            return new Captcha(text, PngEncoder.encode(renderer.render(text)));
        }

        /** OCR has to read the question as drawn; the answer is then one sum away. */
        Captcha math() {
            String question = questions.next().text();
            return new Captcha(question, PngEncoder.encode(renderer.render(question)));
        }

        Captcha chinese() {
            String text = chineseTexts.next();
            return new Captcha(text, PngEncoder.encode(chineseRenderer.render(text)));
        }

        Captcha gif() {
            String text = texts.next();
            return new Captcha(text, GifEncoder.encode(renderer.renderFrames(text), 400));
        }
    }


    final String title;
    /** Tesseract's model for this generator's text. */
    final String language;
    private final Supplier<Generator> factory;

    Generators(String title, Supplier<Generator> factory) {
        this(title, factory, "eng");
    }

    Generators(String title, Supplier<Generator> factory, String language) {
        this.title = title;
        this.factory = factory;
        this.language = language;
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
