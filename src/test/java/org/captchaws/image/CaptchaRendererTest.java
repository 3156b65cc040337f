package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaptchaRendererTest {

    private static final int DARKEST = CaptchaRenderer.LEVELS - 1;

    private final CaptchaRenderer renderer = new CaptchaRenderer(160, 60, new Random(7));

    @ParameterizedTest
    @CsvSource({"160, 60", "300, 100", "40, 40", "1000, 1000", "161, 41"})
    void imageHasExactlyTheConfiguredSize(int width, int height) {
        BufferedImage image = new CaptchaRenderer(width, height, new Random()).render("Ab3xY");

        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        assertEquals(BufferedImage.TYPE_BYTE_BINARY, image.getType());
        assertEquals(CaptchaRenderer.LEVELS, ((IndexColorModel) image.getColorModel()).getMapSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"W", "Ab3xY", "WmWmWmWm", "gjpqyfdk"})
    void theTextStandsOutInsideItsBoxAndNowhereElse(String text) {
        for (long seed = 0; seed < 20; seed++) {
            CaptchaRenderer.Layout layout = renderer.layOut(text, new SplittableRandom(seed));
            int[] with = levels(renderer.render(text, new SplittableRandom(seed), true));
            int[] without = levels(renderer.render(text, new SplittableRandom(seed), false));
            // The warp moves glyphs by at most 5% of the height.
            Rectangle2D box = layout.bounds();
            box.setRect(box.getX() - 3, box.getY() - 3, box.getWidth() + 6, box.getHeight() + 6);
            int inside = 0;
            int changed = 0;
            int contrasted = 0;
            for (int p = 0; p < with.length; p++) {
                boolean in = box.contains(p % 160 + 0.5, p / 160 + 0.5);
                inside += in ? 1 : 0;
                if (with[p] != without[p]) {
                    assertTrue(in, text + " seed " + seed + ": pixel " + p % 160 + "," + p / 160 + " outside " + box);
                    changed++;
                    // The letters take the tone opposite to their background.
                    contrasted += Math.abs(with[p] - without[p]) > DARKEST / 2 ? 1 : 0;
                }
            }
            assertTrue(changed > inside / 8, text + " seed " + seed + ": " + changed + " of " + inside + " changed");
            assertTrue(contrasted > changed * 2 / 3, text + " seed " + seed + ": " + contrasted + " of " + changed);
        }
    }

    @Test
    void theBackgroundHasALightAndADarkPart() {
        for (long seed = 0; seed < 20; seed++) {
            int[] levels = levels(renderer.render("Ab3xY", new SplittableRandom(seed), false));

            long light = Arrays.stream(levels).filter(l -> l <= DARKEST / 4).count();
            long dark = Arrays.stream(levels).filter(l -> l >= DARKEST - DARKEST / 4).count();
            assertTrue(light > levels.length / 5, "seed " + seed + ": " + light + " light pixels");
            assertTrue(dark > levels.length / 5, "seed " + seed + ": " + dark + " dark pixels");
        }
    }

    @Test
    void paletteRunsFromALightToADarkColour() {
        IndexColorModel palette = (IndexColorModel) renderer.render("Ab3xY").getColorModel();

        int light = palette.getRed(0) + palette.getGreen(0) + palette.getBlue(0);
        int dark = palette.getRed(DARKEST) + palette.getGreen(DARKEST) + palette.getBlue(DARKEST);
        assertTrue(light >= 3 * 210, "light " + light);
        assertTrue(dark < 3 * 90, "dark " + dark);
    }

    /** Each image starts from a clear coverage, though the arrays are used again from image to image. */
    @Test
    void anImageIsTheSameWhateverWasDrawnBefore() {
        int[] alone = levels(new CaptchaRenderer(160, 60, new Random()).render("Ab3xY", new SplittableRandom(5), true));
        renderer.render("WWWWW", new SplittableRandom(6), true);
        renderer.render("mmmmm", new SplittableRandom(7), true);

        assertArrayEquals(alone, levels(renderer.render("Ab3xY", new SplittableRandom(5), true)));
    }

    @Test
    void sameTextRendersDifferentlyEachTime() {
        assertFalse(Arrays.equals(levels(renderer.render("Ab3xY")), levels(renderer.render("Ab3xY"))));
    }

    @Test
    void threadsRenderingAtOnceDrawWhatOneThreadDraws() throws Exception {
        String text = CaptchaTextGenerator.DEFAULT_ALPHABET;
        int[][] alone = new int[8][];
        CaptchaRenderer first = new CaptchaRenderer(400, 60, new Random());
        for (int seed = 0; seed < alone.length; seed++) {
            alone[seed] = levels(first.render(text, new SplittableRandom(seed), true));
        }
        // A fresh renderer: its threads also race to make the glyph masks.
        CaptchaRenderer shared = new CaptchaRenderer(400, 60, new Random());
        List<int[][]> raced = Concurrently.run(4, 30, (int racer) -> {
            int[][] mine = new int[alone.length][];
            for (int seed = 0; seed < alone.length; seed++) {
                mine[seed] = levels(shared.render(text, new SplittableRandom(seed), true));
            }
            return mine;
        });

        for (int[][] mine : raced) {
            for (int seed = 0; seed < alone.length; seed++) {
                assertArrayEquals(alone[seed], mine[seed], "seed " + seed);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"W", "j", "WWWWWWWW", "mmmmmmmm", "gjpqyfdk", "Ab3xYz7Q"})
    void textFitsInsideTheImage(String text) {
        for (int[] size : new int[][] {{160, 60}, {40, 40}, {1000, 40}, {40, 1000}, {400, 150}}) {
            CaptchaRenderer sized = new CaptchaRenderer(size[0], size[1], new Random());
            Rectangle2D image = new Rectangle2D.Double(0, 0, size[0], size[1]);
            for (long seed = 0; seed < 20; seed++) {
                CaptchaRenderer.Layout layout = sized.layOut(text, new SplittableRandom(seed));
                assertEquals(text.length(), layout.glyphs().length);
                for (CaptchaRenderer.Glyph glyph : layout.glyphs()) {
                    assertTrue(image.contains(glyph.bounds()), text + " at " + Arrays.toString(size) + ": " + glyph.bounds());
                }
            }
        }
    }

    @Test
    void shortTextIsNotBlownUp() {
        CaptchaRenderer.Layout one = renderer.layOut("W", new SplittableRandom(1));
        CaptchaRenderer.Layout eight = renderer.layOut("WmWmWmWm", new SplittableRandom(1));

        assertTrue(one.bounds().getWidth() < 60, "one glyph " + one.bounds());
        assertTrue(eight.bounds().getWidth() > 120, "eight glyphs " + eight.bounds());
    }

    @ParameterizedTest
    @CsvSource({"39, 60", "160, 39", "1001, 60", "160, 1001", "0, 0"})
    void rejectsBadSizes(int width, int height) {
        assertThrows(IllegalArgumentException.class, () -> new CaptchaRenderer(width, height, new Random()));
    }

    @Test
    void theBundledFontDrawsTheDefaultAlphabet() {
        assertTrue(renderer.canDraw(CaptchaTextGenerator.DEFAULT_ALPHABET));
    }

    /** DejaVu Sans has no CJK glyphs: such an alphabet would draw boxes. */
    @Test
    void theBundledFontCannotDrawChinese() {
        assertFalse(renderer.canDraw("AB验证"));
    }

    @Test
    void chineseCharactersStandOutLikeLetters() {
        CaptchaRenderer chinese = new CaptchaRenderer(160, 60, new Random(7), ChineseCharacters.font());
        for (long seed = 0; seed < 10; seed++) {
            int[] with = levels(chinese.render("春夏秋冬", new SplittableRandom(seed), true));
            int[] without = levels(chinese.render("春夏秋冬", new SplittableRandom(seed), false));
            int changed = 0;
            for (int p = 0; p < with.length; p++) {
                changed += with[p] != without[p] ? 1 : 0;
            }
            assertTrue(changed > with.length / 12, "seed " + seed + ": " + changed + " pixels of ink");
        }
    }

    @Test
    void eachGifFrameLeavesOutOneCharacterOfTheSamePicture() {
        String text = "Ab3xY";
        List<BufferedImage> frames = renderer.renderFrames(text);
        assertEquals(text.length(), frames.size());
        for (int hidden = 0; hidden < text.length(); hidden++) {
            int left = hidden;
            int[] all = levels(renderer.render(text, new SplittableRandom(3), true));
            int[] frame = levels(renderer.render(text, new SplittableRandom(3), glyph -> glyph != left));
            assertFalse(Arrays.equals(all, frame), "frame " + hidden + " lacks a character");
            for (int other = 0; other < hidden; other++) {
                assertFalse(Arrays.equals(levels(frames.get(hidden)), levels(frames.get(other))), hidden + " vs " + other);
            }
        }
        // Each frame is the whole picture bar one character: the same background everywhere else.
        int[] first = levels(frames.get(0));
        int[] last = levels(frames.get(text.length() - 1));
        int same = 0;
        for (int p = 0; p < first.length; p++) {
            same += first[p] == last[p] ? 1 : 0;
        }
        assertTrue(same > first.length * 3 / 4, same + " of " + first.length + " pixels alike");
    }

    @Test
    void rejectsEmptyText() {
        assertThrows(IllegalArgumentException.class, () -> renderer.render(""));
    }

    /**
     * Each glyph, drawn alone, inks about the pixels its mask covers where its transform puts
     * them: as many (within a quarter), centred within the warp's reach, and bent by the warp
     * (not exactly the unwarped shape).
     */
    @Test
    void eachGlyphInksWhatItsMaskCoversWhereItsTransformPutsIt() throws Exception {
        String text = "Ab3xY";
        double warp = 0.05 * 60;
        double bent = 0;
        int glyphs = 0;
        for (long seed = 0; seed < 20; seed++) {
            CaptchaRenderer.Layout layout = renderer.layOut(text, new SplittableRandom(seed));
            int[] without = levels(renderer.render(text, new SplittableRandom(seed), false));
            for (int i = 0; i < text.length(); i++) {
                int only = i;
                int[] with = levels(renderer.render(text, new SplittableRandom(seed), glyph -> glyph == only));
                boolean[] expected = covered(layout.glyphs()[i], 160, 60);
                int inked = 0;
                int wanted = 0;
                int mismatched = 0;
                double[] inkCentre = new double[2];
                double[] wantedCentre = new double[2];
                for (int p = 0; p < with.length; p++) {
                    // Mostly covered: the level moved by at least half the range.
                    boolean ink = Math.abs(with[p] - without[p]) >= 2;
                    if (ink) {
                        inked++;
                        inkCentre[0] += p % 160;
                        inkCentre[1] += p / 160;
                    }
                    if (expected[p]) {
                        wanted++;
                        wantedCentre[0] += p % 160;
                        wantedCentre[1] += p / 160;
                    }
                    mismatched += ink != expected[p] ? 1 : 0;
                }
                String where = "seed " + seed + " glyph " + text.charAt(i);
                assertTrue(wanted > 50, where + ": " + wanted + " pixels under the mask");
                assertTrue(inked > wanted * 0.6 && inked < wanted * 1.4, where + ": inked " + inked + " of " + wanted);
                for (int axis = 0; axis < 2; axis++) {
                    double off = inkCentre[axis] / inked - wantedCentre[axis] / wanted;
                    // Where the curve crosses the glyph, the glyph adds no ink: a little more.
                    assertTrue(Math.abs(off) <= warp + 1.5, where + ": centre off by " + off + " on axis " + axis);
                }
                bent += (double) mismatched / wanted;
                glyphs++;
            }
        }
        // Unwarped, only the edges' rounding would differ (some 10%).
        assertTrue(bent / glyphs > 0.2, "the warp moved " + bent / glyphs + " of the glyphs' pixels");
    }

    /**
     * Without the letters, what is left of the ink is one thin curve across the text: in nearly
     * every column of the text's box, a few pixels high, inside the box's height.
     */
    @Test
    void aThinCurveCrossesTheText() {
        for (long seed = 0; seed < 40; seed++) {
            CaptchaRenderer.Layout layout = renderer.layOut("Ab3xY", new SplittableRandom(seed));
            int[] levels = levels(renderer.render("Ab3xY", new SplittableRandom(seed), false));
            boolean[] ink = inkAgainstTheBackground(levels, 160, 60);
            Rectangle2D box = layout.bounds();
            int from = (int) Math.ceil(box.getMinX());
            int to = (int) Math.floor(box.getMaxX());
            int crossed = 0;
            for (int x = from; x < to; x++) {
                int column = 0;
                for (int y = 0; y < 60; y++) {
                    if (ink[y * 160 + x]) {
                        column++;
                        assertTrue(y >= box.getMinY() - 2 && y <= box.getMaxY() + 2,
                                "seed " + seed + ": curve at " + x + "," + y + " outside " + box);
                    }
                }
                assertTrue(column <= box.getHeight() / 4, "seed " + seed + ": " + column + " pixels high at x " + x);
                crossed += column > 0 ? 1 : 0;
            }
            // Where the curve runs along the parts' meeting line, it can pass for the line.
            assertTrue(crossed >= (to - from) * 0.7, "seed " + seed + ": the curve crosses " + crossed + " of " + (to - from));
        }
    }

    /** The light and the dark part meet inside the text's box, on every row the text spans. */
    @Test
    void thePartsMeetInsideTheText() {
        for (long seed = 0; seed < 40; seed++) {
            CaptchaRenderer.Layout layout = renderer.layOut("Ab3xY", new SplittableRandom(seed));
            int[] levels = levels(renderer.render("Ab3xY", new SplittableRandom(seed), false));
            Rectangle2D box = layout.bounds();
            int rows = 0;
            int inside = 0;
            for (int y = (int) Math.ceil(box.getMinY()); y < box.getMaxY(); y++) {
                int split = split(levels, 160, y)[0];
                rows++;
                inside += split > box.getMinX() && split < box.getMaxX() ? 1 : 0;
            }
            // A row the curve runs along for a while can hide where the parts meet.
            assertTrue(inside >= rows * 0.85, "seed " + seed + ": parts meet inside the text on " + inside + " of " + rows + " rows");
        }
    }

    /**
     * Each glyph is turned, sheared and scaled on its own: the angles, shears and sizes spread
     * over their ranges, and never beyond.
     */
    @Test
    void eachGlyphIsTurnedShearedAndScaledOnItsOwn() {
        double[] turn = {Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] shear = {Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] size = {Double.MAX_VALUE, -Double.MAX_VALUE};
        for (long seed = 0; seed < 200; seed++) {
            CaptchaRenderer.Layout layout = renderer.layOut("Ab3xY", new SplittableRandom(seed));
            double fit = Math.sqrt(Math.abs(layout.glyphs()[0].toImage().getDeterminant()));
            for (CaptchaRenderer.Glyph glyph : layout.glyphs()) {
                java.awt.geom.AffineTransform t = glyph.toImage();
                // Where the mask's x and y axes go: the turn is the x axis's angle (a shear along x
                // leaves it), the shear the y axis's lean from the x axis's normal.
                double angle = Math.atan2(t.getShearY(), t.getScaleX());
                double xLength = Math.hypot(t.getScaleX(), t.getShearY());
                double along = (t.getShearX() * t.getScaleX() + t.getScaleY() * t.getShearY()) / xLength;
                double across = (t.getScaleY() * t.getScaleX() - t.getShearX() * t.getShearY()) / xLength;
                spread(turn, angle);
                spread(shear, along / across);
                spread(size, xLength / fit);
            }
        }
        assertTrue(turn[0] < -0.3 && turn[1] > 0.3 && turn[0] >= -0.35 && turn[1] <= 0.35, Arrays.toString(turn));
        assertTrue(shear[0] < -0.2 && shear[1] > 0.2 && shear[0] >= -0.26 && shear[1] <= 0.26, Arrays.toString(shear));
        // Sizes between 0.9 and 1.1, relative to the first glyph's (itself 0.9 to 1.1).
        assertTrue(size[0] < 0.9 && size[1] > 1.1 && size[0] >= 0.9 / 1.1 - 0.01 && size[1] <= 1.1 / 0.9 + 0.01,
                Arrays.toString(size));
    }

    /** The masks are anti-aliased, with a clear border all round and ink next to it on every side. */
    @Test
    void glyphMasksAreAntiAliasedAndWhole() {
        for (char c : CaptchaTextGenerator.DEFAULT_ALPHABET.toCharArray()) {
            CaptchaRenderer.GlyphMask mask = renderer.mask(c);
            int w = mask.width();
            int h = mask.height();
            int partial = 0;
            int inked = 0;
            int[] inkBox = {w, h, -1, -1};
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int a = mask.alpha()[y * w + x] & 0xff;
                    if (a > 0) {
                        inked++;
                        partial += a < 255 ? 1 : 0;
                        inkBox[0] = Math.min(inkBox[0], x);
                        inkBox[1] = Math.min(inkBox[1], y);
                        inkBox[2] = Math.max(inkBox[2], x);
                        inkBox[3] = Math.max(inkBox[3], y);
                    }
                }
            }
            assertTrue(partial > inked / 20, c + ": " + partial + " partly covered of " + inked);
            assertTrue(inkBox[0] >= 1 && inkBox[1] >= 1 && inkBox[2] <= w - 2 && inkBox[3] <= h - 2,
                    c + ": ink " + Arrays.toString(inkBox) + " in " + w + "x" + h);
            assertTrue(inkBox[0] <= 3 && inkBox[1] <= 3 && inkBox[2] >= w - 4 && inkBox[3] >= h - 4,
                    c + ": ink " + Arrays.toString(inkBox) + " in " + w + "x" + h);
        }
    }

    /**
     * The coverage the renderer draws is exactly its masks sampled (bilinear) through each
     * glyph's transform and the warp, worked out here the plain way in doubles: only the
     * renderer's fixed-point rounding may differ, by a level or two of 255.
     */
    @Test
    void eachGlyphIsItsMaskSampledThroughItsTransformAndTheWarp() throws Exception {
        String text = "Ab3xY";
        for (long seed = 0; seed < 12; seed++) {
            byte[] without = cover(text, seed, glyph -> false);
            for (int i = 0; i < text.length(); i++) {
                int only = i;
                byte[] with = cover(text, seed, glyph -> glyph == only);
                SplittableRandom rnd = new SplittableRandom(seed);
                CaptchaRenderer.Layout layout = renderer.layOut(text, rnd);
                CaptchaRenderer.Warp warp = renderer.new Warp(rnd);
                double[] expected = sampled(layout.glyphs()[i], warp, 160, 60);
                int inked = 0;
                for (int p = 0; p < with.length; p++) {
                    double want = Math.max(without[p] & 0xff, expected[p]);
                    assertEquals(want, with[p] & 0xff, 2.5, "seed " + seed + " glyph " + i + " at " + p % 160 + "," + p / 160);
                    inked += expected[p] > 128 ? 1 : 0;
                }
                assertTrue(inked > 50, "seed " + seed + " glyph " + i + ": " + inked + " pixels inked");
            }
        }
    }

    /** The sine waves, made by turning a unit vector, are sines. */
    @Test
    void wavesAreSines() {
        float[] wave = CaptchaRenderer.wave(1000, 3, 2.5, 77.7, 0.4, 1.5);
        for (int i = 0; i < wave.length; i++) {
            assertEquals(3 + 2.5 * Math.sin(0.4 + 2 * Math.PI * (i + 1.5) / 77.7), wave[i], 1e-3, "at " + i);
        }
    }

    /**
     * The warp shifts rows and columns by up to 5% of the smaller side, each by at least half
     * that, along waves as long as 0.8 to 1.5 times the height (rows) and 0.5 to 1 times the
     * width (columns).
     */
    @Test
    void theWarpShiftsByUpToFivePercentAlongLongWaves() {
        double most = 0.05 * 60;
        double largest = 0;
        for (long seed = 0; seed < 200; seed++) {
            CaptchaRenderer.Warp warp = renderer.new Warp(new SplittableRandom(seed));
            assertTrue(warp.columnReach >= most / 2 && warp.columnReach <= most, "reach " + warp.columnReach);
            for (float[] shifts : new float[][] {warp.rowShift, warp.columnShift}) {
                double[] range = {Double.MAX_VALUE, -Double.MAX_VALUE};
                double steepest = 0;
                for (int i = 0; i < shifts.length; i++) {
                    spread(range, shifts[i]);
                    if (i > 0) {
                        steepest = Math.max(steepest, Math.abs(shifts[i] - shifts[i - 1]));
                    }
                }
                assertTrue(range[0] >= -most - 1e-4 && range[1] <= most + 1e-4, "seed " + seed + ": " + Arrays.toString(range));
                // A wave at least as long as 0.5 of the side moves at most 2 pi amplitude / period a pixel.
                double period = shifts == warp.rowShift ? 0.8 * 60 : 0.5 * 160;
                assertTrue(steepest <= 2 * Math.PI * most / period + 1e-4, "seed " + seed + ": " + steepest + " a pixel");
                // At most 1.5 periods long, over the side it sweeps most of its amplitude's range.
                assertTrue(range[1] - range[0] >= most / 2, "seed " + seed + ": " + Arrays.toString(range));
                largest = Math.max(largest, Math.max(-range[0], range[1]));
            }
        }
        assertTrue(largest > 0.9 * most, "largest shift " + largest);
    }

    private byte[] cover(String text, long seed, java.util.function.IntPredicate drawn) {
        SplittableRandom rnd = new SplittableRandom(seed);
        CaptchaRenderer.Layout layout = renderer.layOut(text, rnd);
        CaptchaRenderer.Warp warp = renderer.new Warp(rnd);
        return renderer.cover(layout, warp, rnd, drawn);
    }

    /**
     * A glyph's coverage at each pixel: the pixel's centre, less its row's and column's shifts,
     * taken back to the mask by the inverse of the glyph's transform, and read between the four
     * nearest mask pixels' centres.
     */
    private static double[] sampled(CaptchaRenderer.Glyph glyph, CaptchaRenderer.Warp warp, int width, int height)
            throws java.awt.geom.NoninvertibleTransformException {
        java.awt.geom.AffineTransform toMask = glyph.toImage().createInverse();
        CaptchaRenderer.GlyphMask mask = glyph.mask();
        int w = mask.width();
        double[] coverage = new double[width * height];
        double[] point = new double[2];
        for (int p = 0; p < coverage.length; p++) {
            int x = p % width;
            int y = p / width;
            point[0] = x + 0.5 - warp.rowShift[y];
            point[1] = y + 0.5 - warp.columnShift[x];
            toMask.transform(point, 0, point, 0, 1);
            double u = point[0] - 0.5;
            double v = point[1] - 0.5;
            if (u < 0 || v < 0 || u >= w - 1 || v >= mask.height() - 1) {
                continue;
            }
            int i = (int) v * w + (int) u;
            double fu = u - Math.floor(u);
            double fv = v - Math.floor(v);
            double top = (mask.alpha()[i] & 0xff) * (1 - fu) + (mask.alpha()[i + 1] & 0xff) * fu;
            double bottom = (mask.alpha()[i + w] & 0xff) * (1 - fu) + (mask.alpha()[i + w + 1] & 0xff) * fu;
            coverage[p] = top * (1 - fv) + bottom * fv;
        }
        return coverage;
    }

    /**
     * The text is centred and as large as the margins allow (never enlarged); its glyphs sit on
     * one line, left to right, each next to the last at 0.9 to 1.0 of its advance.
     */
    @Test
    void theGlyphsStandInARowCentredAndFittedToTheImage() {
        String text = "Ab3xY";
        double margin = Math.ceil(0.05 * 60) + 2;
        for (long seed = 0; seed < 20; seed++) {
            CaptchaRenderer.Layout layout = renderer.layOut(text, new SplittableRandom(seed));
            Rectangle2D box = layout.bounds();
            assertEquals(80, box.getCenterX(), 0.01, "seed " + seed + ": " + box);
            assertEquals(30, box.getCenterY(), 0.01, "seed " + seed + ": " + box);
            // Five letters fit at their natural size; eight wide ones are shrunk to the margins.
            assertTrue(filled(box, margin) < 1, "seed " + seed + ": " + box);
            Rectangle2D wide = renderer.layOut("WmWmWmWm", new SplittableRandom(seed)).bounds();
            assertEquals(1, filled(wide, margin), 0.001, "seed " + seed + ": " + wide);
            assertEquals(80, wide.getCenterX(), 0.01, "seed " + seed + ": " + wide);
            assertEquals(30, wide.getCenterY(), 0.01, "seed " + seed + ": " + wide);

            double[][] centres = new double[text.length()][];
            for (int i = 0; i < text.length(); i++) {
                int only = i;
                centres[i] = inkCentre(cover(text, seed, glyph -> glyph == only), cover(text, seed, glyph -> false));
            }
            double scale = Math.sqrt(Math.abs(layout.glyphs()[0].toImage().getDeterminant()));
            for (int i = 1; i < text.length(); i++) {
                double advances = (renderer.mask(text.charAt(i - 1)).advance() + renderer.mask(text.charAt(i)).advance()) / 2;
                double step = (centres[i][0] - centres[i - 1][0]) / (advances * scale);
                assertTrue(step > 0.55 && step < 1.4, "seed " + seed + " glyph " + i + ": step " + step);
                assertEquals(centres[0][1], centres[i][1], 0.2 * 60, "seed " + seed + " glyph " + i);
            }
        }
    }

    private static double filled(Rectangle2D box, double margin) {
        return Math.max(box.getWidth() / (160 - 2 * margin), box.getHeight() / (60 - 2 * margin));
    }

    private static double[] inkCentre(byte[] with, byte[] without) {
        double x = 0;
        double y = 0;
        double mass = 0;
        for (int p = 0; p < with.length; p++) {
            double ink = Math.max(0, (with[p] & 0xff) - (without[p] & 0xff));
            x += ink * (p % 160);
            y += ink * (p / 160);
            mass += ink;
        }
        return new double[] {x / mass, y / mass};
    }

    private static void spread(double[] range, double value) {
        range[0] = Math.min(range[0], value);
        range[1] = Math.max(range[1], value);
    }

    /** The pixels whose centres fall on the glyph's mask where it is at least half covered. */
    private static boolean[] covered(CaptchaRenderer.Glyph glyph, int width, int height)
            throws java.awt.geom.NoninvertibleTransformException {
        java.awt.geom.AffineTransform toMask = glyph.toImage().createInverse();
        CaptchaRenderer.GlyphMask mask = glyph.mask();
        boolean[] covered = new boolean[width * height];
        double[] point = new double[2];
        for (int p = 0; p < covered.length; p++) {
            point[0] = p % width + 0.5;
            point[1] = p / width + 0.5;
            toMask.transform(point, 0, point, 0, 1);
            int u = (int) Math.floor(point[0]);
            int v = (int) Math.floor(point[1]);
            covered[p] = u >= 0 && v >= 0 && u < mask.width() && v < mask.height()
                    && (mask.alpha()[v * mask.width() + u] & 0xff) >= 128;
        }
        return covered;
    }

    /**
     * Where a row's background changes part, and the row's background levels left and right: the
     * split that leaves the fewest pixels off their part's level.
     */
    private static int[] split(int[] levels, int width, int y) {
        int[] best = {0, 0, 0, Integer.MAX_VALUE};
        for (int left : new int[] {0, DARKEST}) {
            int right = DARKEST - left;
            // off(c) = pixels left of c not at `left` + pixels from c not at `right`.
            int off = 0;
            for (int x = 0; x < width; x++) {
                off += levels[y * width + x] != right ? 1 : 0;
            }
            for (int c = 0; c <= width; c++) {
                if (off < best[3]) {
                    best = new int[] {c, left, right, off};
                }
                if (c < width) {
                    int level = levels[y * width + c];
                    off += (level != left ? 1 : 0) - (level != right ? 1 : 0);
                }
            }
        }
        return best;
    }

    /** The pixels off their part's background level: ink, from the letters or the curve. */
    private static boolean[] inkAgainstTheBackground(int[] levels, int width, int height) {
        boolean[] ink = new boolean[levels.length];
        for (int y = 0; y < height; y++) {
            int[] split = split(levels, width, y);
            for (int x = 0; x < width; x++) {
                int background = x < split[0] ? split[1] : split[2];
                ink[y * width + x] = Math.abs(levels[y * width + x] - background) >= 2;
            }
        }
        return ink;
    }

    /** Each pixel's palette index: 0 the light colour, {@link #DARKEST} the dark one. */
    private static int[] levels(BufferedImage image) {
        return image.getRaster().getSamples(0, 0, image.getWidth(), image.getHeight(), 0, (int[]) null);
    }
}
