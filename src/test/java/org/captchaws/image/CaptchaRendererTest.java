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

    /** Each pixel's palette index: 0 the light colour, {@link #DARKEST} the dark one. */
    private static int[] levels(BufferedImage image) {
        return image.getRaster().getSamples(0, 0, image.getWidth(), image.getHeight(), 0, (int[]) null);
    }
}
