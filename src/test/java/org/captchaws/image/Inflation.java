package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Inflates a whole stream in tests: one that is cut short, or has bytes after its end, fails. */
final class Inflation {

    private Inflation() {
    }

    /** A zlib stream (RFC 1950), its checksum checked. */
    static byte[] zlib(byte[] stream) throws DataFormatException {
        return inflate(new Inflater(), stream);
    }

    /** Raw deflate (RFC 1951), no header or checksum. */
    static byte[] raw(byte[] stream) throws DataFormatException {
        return inflate(new Inflater(true), stream);
    }

    private static byte[] inflate(Inflater inflater, byte[] stream) throws DataFormatException {
        try {
            inflater.setInput(stream);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished() && inflater.needsInput()) {
                    throw new DataFormatException("truncated stream");
                }
                out.write(buffer, 0, n);
            }
            assertEquals(0, inflater.getRemaining(), "bytes after the stream");
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
