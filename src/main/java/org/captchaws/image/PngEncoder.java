package org.captchaws.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes PNG: {@link BufferedImage#TYPE_BYTE_BINARY} palette images (what {@link CaptchaRenderer}
 * draws) as they are, and {@link BufferedImage#TYPE_INT_RGB} images as truecolour.
 */
public final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int CHUNK_OVERHEAD = 12;
    private static final int IHDR_LENGTH = 13;
    private static final int COLOUR_TRUECOLOUR = 2;
    private static final int COLOUR_PALETTE = 3;
    /** Deflate with a 32 KB window, the fastest kind (RFC 1950); the two bytes are a multiple of 31. */
    private static final byte[] ZLIB_HEADER = {0x78, 0x01};

    /** For truecolour images, which are not captchas and seldom made. */
    private static final int LEVEL = Deflater.BEST_SPEED;

    // A Deflater allocates some 256 KB of native memory when made: reuse a few rather than one per image.
    private static final BlockingQueue<Deflater> DEFLATERS =
            new ArrayBlockingQueue<>(2 * Runtime.getRuntime().availableProcessors());

    private PngEncoder() {
    }

    public static byte[] encode(BufferedImage image) {
        return switch (image.getType()) {
            case BufferedImage.TYPE_BYTE_BINARY -> encodePalette(image);
            case BufferedImage.TYPE_INT_RGB -> png(image.getWidth(), image.getHeight(), 8, COLOUR_TRUECOLOUR,
                    null, deflate(truecolourScanlines(image)));
            default -> throw new IllegalArgumentException(
                    "only TYPE_BYTE_BINARY and TYPE_INT_RGB images are supported, got type " + image.getType());
        };
    }

    private static byte[] encodePalette(BufferedImage image) {
        WritableRaster raster = image.getRaster();
        if (raster.getParent() != null) {
            // A packed sub-image may start in the middle of a byte.
            throw new IllegalArgumentException("palette sub-images are not supported");
        }
        IndexColorModel colours = (IndexColorModel) image.getColorModel();
        int size = colours.getMapSize();
        byte[] plte = new byte[3 * size];
        for (int i = 0; i < size; i++) {
            plte[3 * i] = (byte) colours.getRed(i);
            plte[3 * i + 1] = (byte) colours.getGreen(i);
            plte[3 * i + 2] = (byte) colours.getBlue(i);
        }
        MultiPixelPackedSampleModel model = (MultiPixelPackedSampleModel) raster.getSampleModel();
        int bits = model.getPixelBitStride();
        int rowBytes = (image.getWidth() * bits + 7) / 8;
        int stride = model.getScanlineStride();
        byte[] packed = ((DataBufferByte) raster.getDataBuffer()).getData();
        byte[] out = new byte[image.getHeight() * (1 + rowBytes)];
        for (int y = 0, o = 0; y < image.getHeight(); y++, o += 1 + rowBytes) {
            // Filter type None: the PNG specification's advice for palette images, and the smallest here.
            System.arraycopy(packed, y * stride, out, o + 1, rowBytes);
        }
        return png(image.getWidth(), image.getHeight(), bits, COLOUR_PALETTE, plte, zlib(out, 1 + rowBytes));
    }

    /** The rows as truecolour scanlines, unfiltered. */
    private static byte[] truecolourScanlines(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        WritableRaster raster = image.getRaster();
        DataBufferInt buffer = (DataBufferInt) raster.getDataBuffer();
        int stride = ((SinglePixelPackedSampleModel) raster.getSampleModel()).getScanlineStride();
        // A sub-image shares its parent's pixel array and starts further into it.
        int first = buffer.getOffset()
                - raster.getSampleModelTranslateY() * stride - raster.getSampleModelTranslateX();
        int[] pixels = buffer.getData();
        byte[] out = new byte[height * (1 + 3 * width)];
        int o = 0;
        for (int y = 0; y < height; y++) {
            out[o++] = 0; // filter type None
            for (int p = first + y * stride, end = p + width; p < end; p++) {
                int rgb = pixels[p];
                out[o++] = (byte) (rgb >> 16);
                out[o++] = (byte) (rgb >> 8);
                out[o++] = (byte) rgb;
            }
        }
        return out;
    }

    private static byte[] png(int width, int height, int bits, int colourType, byte[] plte, byte[] compressed) {
        ByteBuffer png = ByteBuffer.allocate(SIGNATURE.length
                + CHUNK_OVERHEAD + IHDR_LENGTH
                + (plte == null ? 0 : CHUNK_OVERHEAD + plte.length)
                + CHUNK_OVERHEAD + compressed.length
                + CHUNK_OVERHEAD);
        png.put(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(IHDR_LENGTH)
                .putInt(width)
                .putInt(height)
                .put((byte) bits)
                .put((byte) colourType)
                .put((byte) 0)  // compression: deflate
                .put((byte) 0)  // filter method: adaptive, one filter type per row
                .put((byte) 0); // no interlace
        putChunk(png, "IHDR", header.array());
        if (plte != null) {
            putChunk(png, "PLTE", plte);
        }
        putChunk(png, "IDAT", compressed);
        putChunk(png, "IEND", new byte[0]);
        return png.array();
    }

    /** The scanlines as a zlib stream, by {@link ScanlineDeflater}. */
    private static byte[] zlib(byte[] scanlines, int rowLength) {
        byte[] block = ScanlineDeflater.deflate(scanlines, rowLength);
        Adler32 checksum = new Adler32();
        checksum.update(scanlines);
        return ByteBuffer.allocate(ZLIB_HEADER.length + block.length + Integer.BYTES)
                .put(ZLIB_HEADER)
                .put(block)
                .putInt((int) checksum.getValue())
                .array();
    }

    /** The scanlines as a zlib stream, by {@link Deflater}. */
    private static byte[] deflate(byte[] data) {
        Deflater deflater = DEFLATERS.poll();
        if (deflater == null) {
            deflater = new Deflater(LEVEL);
        }
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] out = new byte[data.length / 2 + 64];
            int length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return Arrays.copyOf(out, length);
        } finally {
            deflater.reset();
            if (!DEFLATERS.offer(deflater)) {
                deflater.end();
            }
        }
    }

    private static void putChunk(ByteBuffer png, String type, byte[] data) {
        png.putInt(data.length);
        int crcStart = png.position();
        png.put(type.getBytes(StandardCharsets.US_ASCII));
        png.put(data);
        CRC32 crc = new CRC32();
        crc.update(png.array(), crcStart, png.position() - crcStart);
        png.putInt((int) crc.getValue());
    }
}
