package org.captchaws.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Draws a captcha text as a distorted image that people read easily and simple OCR does not.
 */
public final class CaptchaRenderer {

    private static final int MIN_SIZE = 40;
    private static final int MAX_SIZE = 1000;

    private static final String FONT_RESOURCE = "DejaVuSans-Bold.ttf";
    // The bundled font, so images look the same whatever fonts the server has installed.
    private static final Font BASE_FONT = loadFont();
    private static final FontRenderContext FONT_CONTEXT = new FontRenderContext(null, true, true);

    private static final double MAX_ROTATION = 0.35;
    private static final float FONT_TO_HEIGHT = 0.6f;

    private final int width;
    private final int height;
    private final Random random;
    private final Font font;
    private final double warp;
    private final double margin;

    public CaptchaRenderer(int width, int height, Random random) {
        checkSize("width", width);
        checkSize("height", height);
        this.width = width;
        this.height = height;
        this.random = Objects.requireNonNull(random, "random");
        this.font = BASE_FONT.deriveFont(height * FONT_TO_HEIGHT);
        this.warp = 0.05 * Math.min(width, height);
        // Glyphs keep clear of the edges by more than the warp shifts them.
        this.margin = Math.ceil(warp) + 2;
    }

    public BufferedImage render(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("captcha text must not be empty");
        }
        // One draw from the shared Random per image: the many draws below then never contend between threads.
        RandomGenerator rnd = new SplittableRandom(random.nextLong());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            drawBackground(g, rnd);
            Layout layout = layOut(text, rnd);
            for (Shape glyph : layout.glyphs()) {
                g.setColor(darkColor(rnd));
                g.fill(glyph);
            }
            drawCurves(g, layout.bounds(), rnd);
        } finally {
            g.dispose();
        }
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        warp(pixels, rnd);
        sprinkleDots(pixels, rnd);
        return image;
    }

    /** Whether the bundled font has a glyph for every character of {@code text}. */
    public boolean canDraw(String text) {
        return font.canDisplayUpTo(text) == -1;
    }

    /** The glyphs as drawn, and the box around them all. */
    record Layout(Shape[] glyphs, Rectangle2D bounds) {
    }

    /**
     * The glyph outlines, each turned and shifted a little, then scaled and centred to fit inside the margins.
     */
    Layout layOut(String text, RandomGenerator rnd) {
        GlyphVector glyphs = font.createGlyphVector(FONT_CONTEXT, text);
        float size = font.getSize2D();
        // The middle of the band from cap height to descender, to turn glyphs about.
        double middle = -0.245 * size;
        Shape[] shapes = new Shape[glyphs.getNumGlyphs()];
        Rectangle2D bounds = null;
        double x = 0;
        for (int i = 0; i < shapes.length; i++) {
            double advance = glyphs.getGlyphMetrics(i).getAdvance();
            AffineTransform place = new AffineTransform();
            place.translate(x + advance / 2, middle + rnd.nextDouble(-0.08, 0.08) * size);
            place.rotate(rnd.nextDouble(-MAX_ROTATION, MAX_ROTATION));
            place.translate(-glyphs.getGlyphPosition(i).getX() - advance / 2, -middle);
            shapes[i] = place.createTransformedShape(glyphs.getGlyphOutline(i));
            bounds = bounds == null ? shapes[i].getBounds2D() : bounds.createUnion(shapes[i].getBounds2D());
            // Slightly tight spacing, so glyphs touch now and then and are harder to cut apart.
            x += advance * rnd.nextDouble(0.86, 0.98);
        }
        double scale = Math.min(1, Math.min(
                (width - 2 * margin) / bounds.getWidth(), (height - 2 * margin) / bounds.getHeight()));
        AffineTransform fit = AffineTransform.getTranslateInstance(width / 2.0, height / 2.0);
        fit.scale(scale, scale);
        fit.translate(-bounds.getCenterX(), -bounds.getCenterY());
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = fit.createTransformedShape(shapes[i]);
        }
        return new Layout(shapes, fit.createTransformedShape(bounds).getBounds2D());
    }

    private void drawBackground(Graphics2D g, RandomGenerator rnd) {
        g.setPaint(new GradientPaint(0, rnd.nextInt(height), lightColor(rnd),
                width, rnd.nextInt(height), lightColor(rnd)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 4; i++) {
            g.setColor(midColor(rnd));
            g.draw(new Line2D.Double(rnd.nextInt(width), rnd.nextInt(height), rnd.nextInt(width), rnd.nextInt(height)));
        }
    }

    /**
     * Curves through the text, in text colours and about half as thick as its strokes, so OCR cannot
     * simply drop them while people still see them as lines.
     */
    private void drawCurves(Graphics2D g, Rectangle2D text, RandomGenerator rnd) {
        g.setStroke(new BasicStroke((float) Math.max(1.2, text.getHeight() / 14),
                BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < 2; i++) {
            g.setColor(darkColor(rnd));
            g.draw(new CubicCurve2D.Double(0, randomY(text, rnd), width / 3.0, randomY(text, rnd),
                    2 * width / 3.0, randomY(text, rnd), width, randomY(text, rnd)));
        }
    }

    private static double randomY(Rectangle2D text, RandomGenerator rnd) {
        return rnd.nextDouble(text.getMinY() + text.getHeight() * 0.2, text.getMaxY() - text.getHeight() * 0.2);
    }

    /** Shifts rows sideways and columns up and down along sine waves. */
    private void warp(int[] pixels, RandomGenerator rnd) {
        int[] buffer = new int[Math.max(width, height)];
        double amplitude = rnd.nextDouble(0.5, 1) * warp;
        double period = rnd.nextDouble(0.8, 1.5) * height;
        double phase = rnd.nextDouble(2 * Math.PI);
        for (int y = 0; y < height; y++) {
            int shift = (int) Math.round(amplitude * Math.sin(phase + 2 * Math.PI * y / period));
            shift(pixels, y * width, width, 1, shift, buffer);
        }
        amplitude = rnd.nextDouble(0.5, 1) * warp;
        period = rnd.nextDouble(0.5, 1) * width;
        phase = rnd.nextDouble(2 * Math.PI);
        for (int x = 0; x < width; x++) {
            int shift = (int) Math.round(amplitude * Math.sin(phase + 2 * Math.PI * x / period));
            shift(pixels, x, height, width, shift, buffer);
        }
    }

    /** Moves {@code count} pixels spaced {@code stride} apart by {@code shift} places, repeating the edge pixel. */
    private static void shift(int[] pixels, int start, int count, int stride, int shift, int[] buffer) {
        if (shift == 0) {
            return;
        }
        for (int i = 0; i < count; i++) {
            buffer[i] = pixels[start + i * stride];
        }
        for (int i = 0; i < count; i++) {
            pixels[start + i * stride] = buffer[Math.max(0, Math.min(count - 1, i - shift))];
        }
    }

    private void sprinkleDots(int[] pixels, RandomGenerator rnd) {
        for (int i = pixels.length / 30; i > 0; i--) {
            pixels[rnd.nextInt(pixels.length)] = rnd.nextInt(0x1000000);
        }
    }

    private static Color lightColor(RandomGenerator rnd) {
        return new Color(rnd.nextInt(200, 256), rnd.nextInt(200, 256), rnd.nextInt(200, 256));
    }

    private static Color midColor(RandomGenerator rnd) {
        return new Color(rnd.nextInt(120, 200), rnd.nextInt(120, 200), rnd.nextInt(120, 200));
    }

    private static Color darkColor(RandomGenerator rnd) {
        return new Color(rnd.nextInt(0, 110), rnd.nextInt(0, 110), rnd.nextInt(0, 110));
    }

    private static void checkSize(String name, int value) {
        if (value < MIN_SIZE || value > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "captcha " + name + " must be between " + MIN_SIZE + " and " + MAX_SIZE + ", was " + value);
        }
    }

    private static Font loadFont() {
        try (InputStream in = CaptchaRenderer.class.getResourceAsStream(FONT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("captcha font resource missing: " + FONT_RESOURCE);
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException | FontFormatException e) {
            throw new IllegalStateException("cannot load captcha font " + FONT_RESOURCE, e);
        }
    }
}
