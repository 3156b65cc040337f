package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void startsWithThePngSignature() {
        byte[] png = PngEncoder.encode(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));

        assertArrayEquals(SIGNATURE, Arrays.copyOf(png, SIGNATURE.length));
    }

    @Test
    void imageIoReadsBackTheSamePixels() throws IOException {
        BufferedImage image = randomImage(37, 23);

        assertSamePixels(image, decode(PngEncoder.encode(image)));
    }

    @Test
    void renderedCaptchaRoundTripsAndIsSmall() throws IOException {
        BufferedImage captcha = new CaptchaRenderer(160, 60, new Random(3)).render("Ab3xY");

        byte[] png = PngEncoder.encode(captcha);

        assertSamePixels(captcha, decode(png));
        assertTrue(png.length < 20 * 1024, png.length + " bytes");
    }

    @Test
    void encodesOnlyTheSubImage() throws IOException {
        BufferedImage sub = randomImage(20, 15).getSubimage(3, 4, 11, 7);

        assertSamePixels(sub, decode(PngEncoder.encode(sub)));
    }

    @Test
    void rejectsOtherImageTypes() {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);

        assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(argb));
    }

    private static BufferedImage randomImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(11);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }
}
