package org.captchaws.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * Draws a captcha text as a distorted image that people read easily and OCR does not.
 *
 * <p>Java2D draws each character once, into a coverage mask; every image then samples those masks
 * through a fresh random affine transform and a sine warp, straight into a byte array. No
 * {@code Graphics2D} per image: creating one, and the loops Java2D looks up for it, cost more than
 * the drawing. The picture has 4 levels between two colours, so it is a 2-bit palette PNG: a quarter of the
 * bytes to deflate of 8-bit grey, a twelfth of truecolour.
 *
 * <p>Against OCR: a slanting, wavy line splits the background into a light and a dark part, and the
 * text and a curve through it are drawn in the opposite tone of whichever part they lie on. An eye
 * follows the letters across the line; a binarising OCR sees part of the line as dark letters on
 * light and the rest as holes in a dark block, the letters touching and crossed by a curve a little
 * thinner than their strokes.
 *
 * <p>Thread-safe: an image's state is its own; the masks are shared once made.
 */
public final class CaptchaRenderer {

    private static final int MIN_SIZE = 40;
    private static final int MAX_SIZE = 1000;

    private static final String FONT_RESOURCE = "DejaVuSans-Bold.ttf";
    // The bundled font, so images look the same whatever fonts the server has installed.
    private static final Font BASE_FONT = loadFont();
    private static final FontRenderContext FONT_CONTEXT = new FontRenderContext(null, true, true);

    /**
     * Levels from the light to the dark colour of an image: a 2-bit palette, two levels between for
     * the anti-aliased edges. Deflate's time grows with its input: at 2 bits a pixel it is half that
     * of 4 bits, a quarter of 8-bit grey.
     */
    static final int PIXEL_BITS = 2;
    static final int LEVELS = 1 << PIXEL_BITS;

    static final int PIXELS_PER_BYTE = 8 / PIXEL_BITS;

    /**
     * The level of each coverage (0-255) on the light part of an image, and on the dark part,
     * already shifted to each place of a pixel in its byte: [place][coverage], the first pixel
     * in the high bits.
     */
    private static final byte[][] ON_LIGHT = new byte[PIXELS_PER_BYTE][256];
    private static final byte[][] ON_DARK = new byte[PIXELS_PER_BYTE][256];

    static {
        for (int a = 0; a < 256; a++) {
            int light = (a * (LEVELS - 1) + 127) / 255;
            for (int place = 0; place < PIXELS_PER_BYTE; place++) {
                int shift = 8 - PIXEL_BITS * (place + 1);
                ON_LIGHT[place][a] = (byte) (light << shift);
                ON_DARK[place][a] = (byte) ((LEVELS - 1 - light) << shift);
            }
        }
    }

    private static final double MAX_ROTATION = 0.35;
    private static final double MAX_SHEAR = 0.25;
    private static final float FONT_TO_HEIGHT = 0.6f;
    /** A curve's half thickness is the text's height divided by this. */
    private static final double CURVE_THINNESS = 32;
    private static final int CURVES = 1;

    private final int width;
    private final int height;
    private final Random random;
    private final Font font;
    private final double warp;
    private final double margin;
    private final ConcurrentMap<Character, GlyphMask> masks = new ConcurrentHashMap<>();
    /**
     * Coverage arrays between images: the largest thing an image allocated, and what made young
     * collections come often at full speed. As many as there may be images drawn at once.
     */
    private final BlockingQueue<byte[]> covers = new ArrayBlockingQueue<>(64);

    public CaptchaRenderer(int width, int height, Random random) {
        this(width, height, random, BASE_FONT);
    }

    /** Drawing with another font (Chinese captchas: a bundled CJK subset), at the size the height gives. */
    public CaptchaRenderer(int width, int height, Random random, Font baseFont) {
        checkSize("width", width);
        checkSize("height", height);
        this.width = width;
        this.height = height;
        this.random = Objects.requireNonNull(random, "random");
        this.font = baseFont.deriveFont(height * FONT_TO_HEIGHT);
        this.warp = 0.05 * Math.min(width, height);
        // Glyphs keep clear of the edges by more than the warp shifts them.
        this.margin = Math.ceil(warp) + 2;
    }

    /** The captcha as a 2-bit palette image ({@link BufferedImage#TYPE_BYTE_BINARY}), for {@link PngEncoder}. */
    public BufferedImage render(String text) {
        // One draw from the shared Random per image: the many draws below then never contend between threads.
        return render(text, new SplittableRandom(random.nextLong()), true);
    }

    /**
     * The frames of an animation: one per character, each the same picture without that
     * character, so that no frame shows the whole text.
     */
    public List<BufferedImage> renderFrames(String text) {
        long seed = random.nextLong();
        List<BufferedImage> frames = new ArrayList<>(text.length());
        for (int hidden = 0; hidden < text.length(); hidden++) {
            int left = hidden;
            frames.add(render(text, new SplittableRandom(seed), glyph -> glyph != left));
        }
        return frames;
    }

    /** With {@code glyphs} false, the same picture from the same draws without the letters (for tests). */
    BufferedImage render(String text, RandomGenerator rnd, boolean glyphs) {
        return render(text, rnd, glyph -> glyphs);
    }

    /** The picture with the glyphs {@code drawn} accepts (by their index in the text). */
    BufferedImage render(String text, RandomGenerator rnd, IntPredicate drawn) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("captcha text must not be empty");
        }
        Layout layout = layOut(text, rnd);
        byte[] cover = covers.poll();
        if (cover == null) {
            cover = new byte[width * height];
        } else {
            Arrays.fill(cover, (byte) 0);
        }
        try {
            cover(cover, layout, new Warp(rnd), rnd, drawn);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, palette(rnd));
            paint(cover, layout.bounds(), ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), rnd);
            return image;
        } finally {
            covers.offer(cover);
        }
    }

    /** The ink's coverage (0-255) of each pixel, row by row: the glyphs {@code drawn} accepts, then the curve. */
    byte[] cover(Layout layout, Warp wave, RandomGenerator rnd, IntPredicate drawn) {
        byte[] cover = new byte[width * height];
        cover(cover, layout, wave, rnd, drawn);
        return cover;
    }

    private void cover(byte[] cover, Layout layout, Warp wave, RandomGenerator rnd, IntPredicate drawn) {
        // Takes no random draws: without a glyph the rest of the picture stays the same.
        Glyph[] glyphs = layout.glyphs();
        for (int i = 0; i < glyphs.length; i++) {
            if (drawn.test(i)) {
                drawGlyph(cover, glyphs[i], wave);
            }
        }
        drawCurves(cover, layout.bounds(), rnd);
    }

    /** Whether the bundled font has a glyph for every character of {@code text}. */
    public boolean canDraw(String text) {
        return font.canDisplayUpTo(text) == -1;
    }

    /** A character's coverage (0-255), drawn once by Java2D with anti-aliasing, with a clear border. */
    record GlyphMask(byte[] alpha, int width, int height, double originX, double baselineY, double advance) {
    }

    /** A glyph's mask and where it goes: mask pixel coordinates to image coordinates. */
    record Glyph(GlyphMask mask, AffineTransform toImage) {
        Rectangle2D bounds() {
            double[] corners = {0, 0, mask.width(), 0, 0, mask.height(), mask.width(), mask.height()};
            toImage.transform(corners, 0, corners, 0, 4);
            double minX = Math.min(Math.min(corners[0], corners[2]), Math.min(corners[4], corners[6]));
            double maxX = Math.max(Math.max(corners[0], corners[2]), Math.max(corners[4], corners[6]));
            double minY = Math.min(Math.min(corners[1], corners[3]), Math.min(corners[5], corners[7]));
            double maxY = Math.max(Math.max(corners[1], corners[3]), Math.max(corners[5], corners[7]));
            return new Rectangle2D.Double(minX, minY, maxX - minX, maxY - minY);
        }
    }

    /** The glyphs as placed, and the box around them all. */
    record Layout(Glyph[] glyphs, Rectangle2D bounds) {
    }

    /**
     * Each glyph turned, sheared, scaled and shifted a little, spaced a little tightly so that
     * neighbours touch now and then, then all scaled and centred to fit inside the margins.
     */
    Layout layOut(String text, RandomGenerator rnd) {
        float size = font.getSize2D();
        // The middle of the band from cap height to descender, to turn glyphs about.
        double middle = -0.245 * size;
        Glyph[] glyphs = new Glyph[text.length()];
        Rectangle2D bounds = null;
        double x = 0;
        for (int i = 0; i < glyphs.length; i++) {
            GlyphMask mask = mask(text.charAt(i));
            double advance = mask.advance();
            AffineTransform place = new AffineTransform();
            place.translate(x + advance / 2, middle + rnd.nextDouble(-0.08, 0.08) * size);
            place.rotate(rnd.nextDouble(-MAX_ROTATION, MAX_ROTATION));
            place.shear(rnd.nextDouble(-MAX_SHEAR, MAX_SHEAR), 0);
            place.scale(rnd.nextDouble(0.9, 1.1), rnd.nextDouble(0.9, 1.1));
            place.translate(-advance / 2, -middle);
            place.translate(-mask.originX(), -mask.baselineY());
            glyphs[i] = new Glyph(mask, place);
            Rectangle2D box = glyphs[i].bounds();
            bounds = bounds == null ? box : bounds.createUnion(box);
            // A little tight, so glyphs touch now and then and are harder to cut apart.
            x += advance * rnd.nextDouble(0.9, 1.0);
        }
        double scale = Math.min(1, Math.min(
                (width - 2 * margin) / bounds.getWidth(), (height - 2 * margin) / bounds.getHeight()));
        AffineTransform fit = AffineTransform.getTranslateInstance(width / 2.0, height / 2.0);
        fit.scale(scale, scale);
        fit.translate(-bounds.getCenterX(), -bounds.getCenterY());
        for (int i = 0; i < glyphs.length; i++) {
            AffineTransform toImage = new AffineTransform(fit);
            toImage.concatenate(glyphs[i].toImage());
            glyphs[i] = new Glyph(glyphs[i].mask(), toImage);
        }
        return new Layout(glyphs, fit.createTransformedShape(bounds).getBounds2D());
    }

    GlyphMask mask(char c) {
        return masks.computeIfAbsent(c, this::drawMask);
    }

    private GlyphMask drawMask(char c) {
        GlyphVector vector = font.createGlyphVector(FONT_CONTEXT, String.valueOf(c));
        Rectangle2D ink = vector.getVisualBounds();
        int pad = 2;
        int w = (int) Math.ceil(ink.getWidth()) + 2 * pad;
        int h = (int) Math.ceil(ink.getHeight()) + 2 * pad;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fill(vector.getOutline((float) (pad - ink.getX()), (float) (pad - ink.getY())));
        } finally {
            g.dispose();
        }
        byte[] alpha = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        return new GlyphMask(alpha, w, h, pad - ink.getX(), pad - ink.getY(), vector.getGlyphMetrics(0).getAdvance());
    }

    /**
     * {@code offset + amplitude * sin(phase + 2 pi (i + shift) / period)} for i = 0..n-1, by rotating
     * a unit vector: a few multiplications a point instead of a call to Math.sin.
     */
    static float[] wave(int n, double offset, double amplitude, double period, double phase, double shift) {
        float[] values = new float[n];
        double step = 2 * Math.PI / period;
        double s = Math.sin(phase + step * shift);
        double c = Math.cos(phase + step * shift);
        double ds = Math.sin(step);
        double dc = Math.cos(step);
        for (int i = 0; i < n; i++) {
            values[i] = (float) (offset + amplitude * s);
            double next = s * dc + c * ds;
            c = c * dc - s * ds;
            s = next;
        }
        return values;
    }

    /** Rows shifted sideways and columns up and down along sine waves; applied to the glyphs only. */
    final class Warp {
        final float[] rowShift;
        final float[] columnShift;
        /** The most a column is shifted, up or down. */
        final double columnReach;

        Warp(RandomGenerator rnd) {
            rowShift = wave(height, 0, rnd.nextDouble(0.5, 1) * warp, rnd.nextDouble(0.8, 1.5) * height,
                    rnd.nextDouble(2 * Math.PI), 0);
            columnReach = rnd.nextDouble(0.5, 1) * warp;
            columnShift = wave(width, 0, columnReach, rnd.nextDouble(0.5, 1) * width,
                    rnd.nextDouble(2 * Math.PI), 0);
        }
    }

    /**
     * Samples the glyph's mask (bilinear, in 16.16 fixed point) into {@code cover}, keeping the larger
     * coverage where glyphs overlap. An image pixel (x, y) shows the mask at inverse(x - rowShift[y],
     * y - columnShift[x]): the part that depends on x alone is worked out once per column.
     */
    private void drawGlyph(byte[] cover, Glyph glyph, Warp wave) {
        double[] m = new double[6];
        try {
            glyph.toImage().createInverse().getMatrix(m);
        } catch (NoninvertibleTransformException e) {
            throw new IllegalStateException(e);
        }
        GlyphMask mask = glyph.mask();
        byte[] alpha = mask.alpha();
        int mw = mask.width();
        int uLimit = (mw - 1) << 16;
        int vLimit = (mask.height() - 1) << 16;
        Rectangle2D box = glyph.bounds();
        int x0 = Math.max(0, (int) Math.floor(box.getMinX() - warp));
        int x1 = Math.min(width, (int) Math.ceil(box.getMaxX() + warp));
        int y0 = Math.max(0, (int) Math.floor(box.getMinY() - warp));
        int y1 = Math.min(height, (int) Math.ceil(box.getMaxY() + warp));
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        int[] uColumn = new int[x1 - x0];
        int[] vColumn = new int[x1 - x0];
        for (int x = x0; x < x1; x++) {
            double sy = -wave.columnShift[x];
            uColumn[x - x0] = (int) Math.round((m[0] * x + m[2] * sy) * 65536);
            vColumn[x - x0] = (int) Math.round((m[1] * x + m[3] * sy) * 65536);
        }
        // What the column shifts add to u and v, at most, in mask pixels (and a little for rounding).
        double uSlack = Math.abs(m[2]) * wave.columnReach + 0.001;
        double vSlack = Math.abs(m[3]) * wave.columnReach + 0.001;
        double[] columns = new double[2];
        for (int y = y0; y < y1; y++) {
            double sx = 0.5 - wave.rowShift[y];
            double sy = y + 0.5;
            int uRow = (int) Math.round((m[0] * sx + m[2] * sy + m[4] - 0.5) * 65536);
            int vRow = (int) Math.round((m[1] * sx + m[3] * sy + m[5] - 0.5) * 65536);
            // Only the columns where the row may cross the mask: the box around a turned glyph is
            // mostly outside it.
            columns[0] = x0;
            columns[1] = x1;
            if (!narrow(columns, uRow / 65536.0, m[0], uSlack, mw - 1)
                    || !narrow(columns, vRow / 65536.0, m[1], vSlack, mask.height() - 1)) {
                continue;
            }
            int from = Math.max(x0, (int) Math.floor(columns[0]) - 1);
            int to = Math.min(x1, (int) Math.ceil(columns[1]) + 1);
            int row = y * width;
            for (int x = from; x < to; x++) {
                int u = uRow + uColumn[x - x0];
                int v = vRow + vColumn[x - x0];
                if (u < 0 || v < 0 || u >= uLimit || v >= vLimit) {
                    continue;
                }
                int i = (v >>> 16) * mw + (u >>> 16);
                int fu = (u >>> 8) & 0xff;
                int fv = (v >>> 8) & 0xff;
                int top = (alpha[i] & 0xff) * (256 - fu) + (alpha[i + 1] & 0xff) * fu;
                int bottom = (alpha[i + mw] & 0xff) * (256 - fu) + (alpha[i + mw + 1] & 0xff) * fu;
                int a = (top * (256 - fv) + bottom * fv) >>> 16;
                if (a > (cover[row + x] & 0xff)) {
                    cover[row + x] = (byte) a;
                }
            }
        }
    }

    /**
     * Narrows {@code columns} ({from, to}) to the x where {@code start + slope * x} may lie within
     * [-slack, limit + slack].
     *
     * @return whether any column is left
     */
    private static boolean narrow(double[] columns, double start, double slope, double slack, double limit) {
        if (slope == 0) {
            return start >= -slack && start <= limit + slack;
        }
        double a = (-slack - start) / slope;
        double b = (limit + slack - start) / slope;
        columns[0] = Math.max(columns[0], Math.min(a, b));
        columns[1] = Math.min(columns[1], Math.max(a, b));
        return columns[0] <= columns[1];
    }

    /**
     * A curve across the text, a little thinner than the letters' strokes: OCR cannot tell it from
     * the letters by its width, people still see a line.
     */
    private void drawCurves(byte[] cover, Rectangle2D text, RandomGenerator rnd) {
        float half = (float) Math.max(0.8, text.getHeight() / CURVE_THINNESS);
        for (int i = 0; i < CURVES; i++) {
            double amplitude = rnd.nextDouble(0.1, 0.3) * text.getHeight();
            double period = rnd.nextDouble(0.6, 1.4) * width;
            double phase = rnd.nextDouble(2 * Math.PI);
            double base = rnd.nextDouble(text.getMinY() + text.getHeight() * 0.3, text.getMaxY() - text.getHeight() * 0.3);
            int from = (int) Math.max(0, text.getMinX() - rnd.nextDouble(0, margin * 3));
            int to = (int) Math.min(width, text.getMaxX() + rnd.nextDouble(0, margin * 3));
            if (from >= to) {
                continue;
            }
            float[] centres = wave(to - from, base, amplitude, period, phase, from + 0.5);
            // The slope is the derivative: the same wave a quarter period on.
            float[] slopes = wave(to - from, 0, amplitude * 2 * Math.PI / period, period, phase + Math.PI / 2, from + 0.5);
            for (int x = from; x < to; x++) {
                float centre = centres[x - from];
                float slope = slopes[x - from];
                // Measured vertically, a sloping line of this thickness is taller.
                float reach = half * (1 + 0.5f * slope * slope);
                int top = Math.max(0, (int) (centre - reach - 1));
                int bottom = Math.min(height, (int) (centre + reach + 2));
                for (int y = top; y < bottom; y++) {
                    float inside = reach + 0.5f - Math.abs(y + 0.5f - centre);
                    int a = inside >= 1 ? 255 : inside <= 0 ? 0 : (int) (inside * 255);
                    int p = y * width + x;
                    if (a > (cover[p] & 0xff)) {
                        cover[p] = (byte) a;
                    }
                }
            }
        }
    }

    /**
     * Background and ink, as palette levels packed two to a byte: level 0 is the light colour, the
     * last level the dark one. On one side of a wave through the text the background is dark and
     * the ink light; on the other the other way round.
     */
    private void paint(byte[] cover, Rectangle2D text, byte[] packed, RandomGenerator rnd) {
        // Where each row crosses from one part to the other: somewhere in the text, slanting and waving.
        float[] edge = wave(height, rnd.nextDouble(text.getMinX() + text.getWidth() * 0.35,
                        text.getMaxX() - text.getWidth() * 0.35),
                rnd.nextDouble(0.05, 0.15) * text.getHeight(), rnd.nextDouble(0.8, 1.6) * height,
                rnd.nextDouble(2 * Math.PI), 0);
        double slant = rnd.nextDouble(-0.6, 0.6);
        for (int y = 0; y < height; y++) {
            edge[y] += (float) (slant * (y - height / 2.0));
        }
        boolean darkRight = rnd.nextBoolean();
        int rowBytes = (width + PIXELS_PER_BYTE - 1) / PIXELS_PER_BYTE;
        int wholeBytes = width / PIXELS_PER_BYTE;
        byte[][] left = darkRight ? ON_LIGHT : ON_DARK;
        byte[][] right = darkRight ? ON_DARK : ON_LIGHT;
        for (int y = 0; y < height; y++) {
            int p = y * width;
            int out = y * rowBytes;
            // The first column on the right of the line. The bytes wholly on one side take one
            // table, without a choice per pixel: this is the one loop over every pixel of the image.
            int crossing = (int) Math.max(0, Math.min(width, Math.ceil(edge[y])));
            int leftBytes = Math.min(crossing / PIXELS_PER_BYTE, wholeBytes);
            int rightFrom = Math.min((crossing + PIXELS_PER_BYTE - 1) / PIXELS_PER_BYTE, wholeBytes);
            pack(cover, p, packed, out, 0, leftBytes, left);
            for (int b = leftBytes; b < rightFrom; b++) {
                packed[out + b] = packAcross(cover, p, b, crossing, left, right);
            }
            pack(cover, p, packed, out, rightFrom, wholeBytes, right);
            if (wholeBytes < rowBytes) {
                packed[out + wholeBytes] = packAcross(cover, p, wholeBytes, crossing, left, right);
            }
        }
    }

    /** Bytes {@code from} to before {@code to} of a row whose pixels start at {@code p}, all on one part. */
    private static void pack(byte[] cover, int p, byte[] packed, int out, int from, int to, byte[][] levels) {
        for (int b = from; b < to; b++) {
            int x = p + b * PIXELS_PER_BYTE;
            int packedByte = 0;
            for (int place = 0; place < PIXELS_PER_BYTE; place++) {
                packedByte |= levels[place][cover[x + place] & 0xff];
            }
            packed[out + b] = (byte) packedByte;
        }
    }

    /** Byte {@code b} of a row pixel by pixel: the crossing in it, or past the row's end (padded with level 0, which PNG ignores). */
    private byte packAcross(byte[] cover, int p, int b, int crossing, byte[][] left, byte[][] right) {
        int packedByte = 0;
        for (int place = 0; place < PIXELS_PER_BYTE; place++) {
            int x = b * PIXELS_PER_BYTE + place;
            if (x < width) {
                packedByte |= (x < crossing ? left : right)[place][cover[p + x] & 0xff];
            }
        }
        return (byte) packedByte;
    }

    /** The levels' colours, from a light tint to a dark one, different for every image. */
    private static IndexColorModel palette(RandomGenerator rnd) {
        int[] light = {rnd.nextInt(210, 256), rnd.nextInt(210, 256), rnd.nextInt(210, 256)};
        int[] dark = {rnd.nextInt(0, 90), rnd.nextInt(0, 90), rnd.nextInt(0, 90)};
        byte[][] rgb = new byte[3][LEVELS];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < LEVELS; i++) {
                rgb[c][i] = (byte) ((light[c] * (LEVELS - 1 - i) + dark[c] * i) / (LEVELS - 1));
            }
        }
        return new IndexColorModel(PIXEL_BITS, LEVELS, rgb[0], rgb[1], rgb[2]);
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
