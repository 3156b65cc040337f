package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import javax.imageio.ImageIO;
import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void renderedCaptchaIsAStrictlyValidPaletteImage() throws IOException, DataFormatException {
        BufferedImage captcha = new CaptchaRenderer(160, 60, new Random(3)).render("Ab3xY");

        byte[] png = PngEncoder.encode(captcha);

        List<Chunk> chunks = chunks(png);
        assertEquals(List.of("IHDR", "PLTE", "IDAT", "IEND"), chunks.stream().map(Chunk::type).toList());
        ByteBuffer header = ByteBuffer.wrap(chunks.get(0).data());
        assertEquals(160, header.getInt());
        assertEquals(60, header.getInt());
        assertEquals(CaptchaRenderer.PIXEL_BITS, header.get());
        assertEquals(3, header.get(), "colour type: palette");
        assertEquals(3 * CaptchaRenderer.LEVELS, chunks.get(1).data().length);
        // Every row: a valid filter type and its packed pixels, nothing more.
        byte[] rows = Inflation.zlib(chunks.get(2).data());
        int rowBytes = (160 * CaptchaRenderer.PIXEL_BITS + 7) / 8;
        assertEquals(60 * (1 + rowBytes), rows.length);
        for (int y = 0; y < 60; y++) {
            assertTrue(rows[y * (1 + rowBytes)] >= 0 && rows[y * (1 + rowBytes)] <= 4, "row " + y);
        }
        assertSamePixels(captcha, decode(png));
    }

    @Test
    void truecolourChunksHaveTheirChecksums() {
        List<Chunk> chunks = chunks(PngEncoder.encode(randomImage(37, 23)));

        assertEquals(List.of("IHDR", "IDAT", "IEND"), chunks.stream().map(Chunk::type).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void paletteImagesOfEachDepthRoundTrip(int bits) throws IOException {
        int colours = 1 << bits;
        byte[] grey = new byte[colours];
        for (int i = 0; i < colours; i++) {
            grey[i] = (byte) (255 * i / (colours - 1));
        }
        BufferedImage image = new BufferedImage(37, 23, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(bits, colours, grey, grey, grey));
        Random random = new Random(bits);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                image.getRaster().setSample(x, y, 0, random.nextInt(colours));
            }
        }

        byte[] png = PngEncoder.encode(image);

        chunks(png);
        assertSamePixels(image, decode(png));
    }

    @Test
    void captchasAreNoLargerThanImageIoWritesThem() throws IOException {
        CaptchaRenderer renderer = new CaptchaRenderer(160, 60, new Random(5));
        CaptchaTextGenerator texts = new CaptchaTextGenerator(CaptchaTextGenerator.DEFAULT_ALPHABET, 5, new Random(5));
        long ours = 0;
        long imageIo = 0;
        for (int i = 0; i < 100; i++) {
            BufferedImage captcha = renderer.render(texts.next());
            ours += PngEncoder.encode(captcha).length;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(captcha, "png", out);
            imageIo += out.size();
        }

        assertTrue(ours <= imageIo, ours + " bytes against ImageIO's " + imageIo);
    }

    @Test
    void threadsEncodingAtOnceWriteWhatOneThreadWrites() throws Exception {
        BufferedImage[] images = new BufferedImage[20];
        byte[][] alone = new byte[images.length][];
        CaptchaRenderer renderer = new CaptchaRenderer(160, 60, new Random(9));
        for (int i = 0; i < images.length; i++) {
            images[i] = renderer.render("Ab3xY");
            alone[i] = PngEncoder.encode(images[i]);
        }

        List<byte[][]> raced = Concurrently.run(4, 30, (int racer) -> {
            byte[][] mine = new byte[images.length][];
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < images.length; i++) {
                    mine[i] = PngEncoder.encode(images[i]);
                }
            }
            return mine;
        });

        for (byte[][] mine : raced) {
            for (int i = 0; i < images.length; i++) {
                assertArrayEquals(alone[i], mine[i], "image " + i);
            }
        }
    }

    /** Noise does not compress: the compressed data outgrow the first guess at their size and must all be kept. */
    @Test
    void anImageThatDoesNotCompressIsWrittenWhole() throws IOException {
        BufferedImage noise = randomImage(1200, 1200);

        byte[] png = PngEncoder.encode(noise);

        assertEquals(List.of("IHDR", "IDAT", "IEND"), chunks(png).stream().map(Chunk::type).toList());
        assertSamePixels(noise, decode(png));
    }

    /** More threads than the encoder keeps deflaters for: those that find none make their own. */
    @Test
    void moreThreadsThanPooledDeflatersEncodeAtOnce() throws Exception {
        BufferedImage noise = randomImage(200, 200);
        byte[] alone = PngEncoder.encode(noise);
        int racers = 8 * Runtime.getRuntime().availableProcessors();

        List<Boolean> same = Concurrently.run(racers, 60, (int racer) -> {
            boolean all = true;
            for (int round = 0; round < 20; round++) {
                all &= Arrays.equals(alone, PngEncoder.encode(noise));
            }
            return all;
        });

        assertEquals(Collections.nCopies(racers, true), same);
    }

    @Test
    void encodesOnlyTheSubImage() throws IOException {
        BufferedImage sub = randomImage(20, 15).getSubimage(3, 4, 11, 7);

        assertSamePixels(sub, decode(PngEncoder.encode(sub)));
    }

    @Test
    void rejectsPaletteSubImages() {
        BufferedImage captcha = new CaptchaRenderer(160, 60, new Random(3)).render("Ab3xY");

        assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(captcha.getSubimage(1, 0, 100, 60)));
    }

    @Test
    void rejectsOtherImageTypes() {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);

        assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(argb));
    }

    record Chunk(String type, byte[] data) {
    }

    /** The chunks after the signature, each one's CRC checked, up to IEND and nothing after it. */
    private static List<Chunk> chunks(byte[] png) {
        assertArrayEquals(SIGNATURE, Arrays.copyOf(png, SIGNATURE.length));
        ByteBuffer in = ByteBuffer.wrap(png, SIGNATURE.length, png.length - SIGNATURE.length);
        List<Chunk> chunks = new ArrayList<>();
        while (chunks.isEmpty() || !chunks.get(chunks.size() - 1).type().equals("IEND")) {
            int length = in.getInt();
            int start = in.position();
            byte[] type = new byte[4];
            in.get(type);
            byte[] data = new byte[length];
            in.get(data);
            CRC32 crc = new CRC32();
            crc.update(png, start, 4 + length);
            String name = new String(type, StandardCharsets.US_ASCII);
            assertEquals((int) crc.getValue(), in.getInt(), "CRC of " + name);
            chunks.add(new Chunk(name, data));
        }
        assertEquals(png.length, in.position(), "bytes after IEND");
        return chunks;
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
