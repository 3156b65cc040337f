package org.captchaws.bench;

import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.captchaws.image.PngEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One image captcha at 160x60: this project's renderer and encoder apart and together, and each
 * library's whole captcha (text, picture, PNG bytes). Run by {@link GeneratorBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class GeneratorBenchmark {

    private static final int IMAGES = 64;

    private Generators.Generator kaptcha;
    private Generators.Generator easyCaptcha;
    private Generators.Generator hutoolLine;
    private Generators.Generator hutoolCircle;
    private Generators.Generator hutoolShear;
    private final String[] texts = new String[IMAGES];
    private final BufferedImage[] images = new BufferedImage[IMAGES];
    private int next;

    @Setup
    public void setUp() {
        kaptcha = Generators.KAPTCHA.create();
        easyCaptcha = Generators.EASY_CAPTCHA.create();
        hutoolLine = Generators.HUTOOL_LINE.create();
        hutoolCircle = Generators.HUTOOL_CIRCLE.create();
        hutoolShear = Generators.HUTOOL_SHEAR.create();
        for (int i = 0; i < IMAGES; i++) {
            texts[i] = Generators.Ours.SHARED.texts.next();
            images[i] = Generators.Ours.SHARED.renderer.render(texts[i]);
        }
    }

    private int nextIndex() {
        next = (next + 1) & (IMAGES - 1);
        return next;
    }

    @Benchmark
    public BufferedImage captchaWsRender() {
        return Generators.Ours.SHARED.renderer.render(texts[nextIndex()]);
    }

    @Benchmark
    public byte[] captchaWsEncode() {
        return PngEncoder.encode(images[nextIndex()]);
    }

    @Benchmark
    public Generators.Captcha captchaWsWhole() {
        return Generators.Ours.SHARED.next();
    }

    @Benchmark
    public Generators.Captcha captchaWsMath() {
        return Generators.Ours.SHARED.math();
    }

    @Benchmark
    public Generators.Captcha captchaWsChinese() {
        return Generators.Ours.SHARED.chinese();
    }

    @Benchmark
    public Generators.Captcha captchaWsGif() {
        return Generators.Ours.SHARED.gif();
    }

    @Benchmark
    public Generators.Captcha kaptcha() {
        return kaptcha.next();
    }

    @Benchmark
    public Generators.Captcha easyCaptcha() {
        return easyCaptcha.next();
    }

    @Benchmark
    public Generators.Captcha hutoolLine() {
        return hutoolLine.next();
    }

    @Benchmark
    public Generators.Captcha hutoolCircle() {
        return hutoolCircle.next();
    }

    @Benchmark
    public Generators.Captcha hutoolShear() {
        return hutoolShear.next();
    }
}
