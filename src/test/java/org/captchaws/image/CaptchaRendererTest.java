package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaptchaRendererTest {

    private final CaptchaRenderer renderer = new CaptchaRenderer(160, 60, new Random(7));

    @ParameterizedTest
    @CsvSource({"160, 60", "300, 100", "40, 40", "1000, 1000"})
    void imageHasExactlyTheConfiguredSize(int width, int height) {
        BufferedImage image = new CaptchaRenderer(width, height, new Random()).render("Ab3xY");

        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"W", "Ab3xY", "WmWmWmWm", "gjpqyfdk"})
    void imageShowsTextOnAVariedBackground(String text) {
        int[] rgb = pixels(renderer.render(text));

        long colours = Arrays.stream(rgb).distinct().count();
        long dark = Arrays.stream(rgb).filter(CaptchaRendererTest::isDark).count();
        long light = Arrays.stream(rgb).filter(p -> !isDark(p)).count();
        assertTrue(colours > 200, colours + " colours");
        assertTrue(dark > rgb.length / 50, dark + " dark pixels");
        assertTrue(light > rgb.length / 2, light + " light pixels");
    }

    @Test
    void sameTextRendersDifferentlyEachTime() {
        assertFalse(Arrays.equals(pixels(renderer.render("Ab3xY")), pixels(renderer.render("Ab3xY"))));
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
                for (Shape glyph : layout.glyphs()) {
                    assertTrue(image.contains(glyph.getBounds2D()),
                            text + " at " + Arrays.toString(size) + ": " + glyph.getBounds2D());
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
    void rejectsEmptyText() {
        assertThrows(IllegalArgumentException.class, () -> renderer.render(""));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static boolean isDark(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        return r + g + b < 3 * 110;
    }
}
