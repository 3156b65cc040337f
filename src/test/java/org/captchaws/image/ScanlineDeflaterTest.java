package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanlineDeflaterTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7, 8, 9, 41, 1000, 100_000})
    void randomBytesInflateBackAsTheyWere(int size) throws DataFormatException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);

        assertArrayEquals(data, Inflation.raw(ScanlineDeflater.deflate(data, 41)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 41, 300})
    void fewDifferentBytesInflateBackAsTheyWere(int rowLength) throws DataFormatException {
        // Two-bit values: many short repeats of both kinds, at every offset.
        byte[] data = new byte[20_000];
        Random random = new Random(rowLength);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) random.nextInt(4);
        }

        assertArrayEquals(data, Inflation.raw(ScanlineDeflater.deflate(data, rowLength)));
    }

    @Test
    void oneColourGoesAsRunsOfTheByteBefore() throws DataFormatException {
        byte[] data = new byte[10_000];
        Arrays.fill(data, (byte) 0x55);

        byte[] deflated = ScanlineDeflater.deflate(data, 10_001);

        assertArrayEquals(data, Inflation.raw(deflated));
        // 39 matches of the longest length and a literal: a few bits each, and the code tables.
        assertTrue(deflated.length < 60, deflated.length + " bytes");
    }

    @Test
    void aRowRepeatedGoesAsCopiesOfTheRowAbove() throws DataFormatException {
        byte[] row = new byte[41];
        new Random(7).nextBytes(row);
        byte[] data = new byte[row.length * 60];
        for (int y = 0; y < 60; y++) {
            System.arraycopy(row, 0, data, y * row.length, row.length);
        }

        byte[] deflated = ScanlineDeflater.deflate(data, row.length);

        assertArrayEquals(data, Inflation.raw(deflated));
        // The first row as literals and the code tables; the other 59 rows go as ten matches.
        assertTrue(deflated.length < 3 * row.length, deflated.length + " bytes");
    }

    @Test
    void rowsLongerThanDeflateReachesAreStillWritten() throws DataFormatException {
        int rowLength = 40_000;
        byte[] row = new byte[rowLength];
        new Random(11).nextBytes(row);
        byte[] data = Arrays.copyOf(row, 2 * rowLength);
        System.arraycopy(row, 0, data, rowLength, rowLength);

        assertArrayEquals(data, Inflation.raw(ScanlineDeflater.deflate(data, rowLength)));
    }

    /** Output that outgrows the room it started with is all kept, however it ends. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 5, 100})
    void outputGrowsAsNeeded(int capacity) throws DataFormatException {
        for (int size : new int[] {0, 1, 2, 50, 3000}) {
            byte[] data = new byte[size];
            new Random(size).nextBytes(data);

            assertArrayEquals(data, Inflation.raw(ScanlineDeflater.deflate(data, 41, capacity)), size + " bytes");
        }
    }

    @Test
    void rejectsRowsOfNoLength() {
        assertThrows(IllegalArgumentException.class, () -> ScanlineDeflater.deflate(new byte[10], 0));
        assertThrows(IllegalArgumentException.class, () -> ScanlineDeflater.deflate(new byte[10], 0, 100));
    }

    /** The deflaters and their buffers are used again: a block is the same whatever was deflated before it. */
    @Test
    void aBlockIsTheSameWhateverWasDeflatedBefore() throws DataFormatException {
        Random random = new Random(23);
        byte[] small = new byte[2460];
        for (int i = 0; i < small.length; i += 1 + random.nextInt(9)) {
            small[i] = (byte) random.nextInt(4);
        }
        byte[] alone = ScanlineDeflater.deflate(small, 41, small.length + 512);
        byte[] large = new byte[20_000];
        random.nextBytes(large);

        for (int round = 0; round < 3; round++) {
            ScanlineDeflater.deflate(large, 41);
            ScanlineDeflater.deflate(new byte[] {9}, 1);
            assertArrayEquals(alone, ScanlineDeflater.deflate(small, 41));
        }
        assertArrayEquals(small, Inflation.raw(alone));
    }

    /** Frequencies as Fibonacci numbers make the deepest Huffman tree there is: 29 levels for 30 symbols. */
    @ParameterizedTest
    @ValueSource(ints = {7, 15})
    void codesAreNoLongerThanAllowedAndComplete(int maxBits) {
        int[] frequencies = new int[30];
        frequencies[0] = 1;
        frequencies[1] = 1;
        for (int s = 2; s < frequencies.length; s++) {
            frequencies[s] = frequencies[s - 1] + frequencies[s - 2];
        }

        byte[] lengths = ScanlineDeflater.codeLengths(frequencies, maxBits);

        double kraft = 0;
        for (byte length : lengths) {
            assertTrue(length >= 1 && length <= maxBits, "length " + length);
            kraft += Math.pow(2, -length);
        }
        assertEquals(1.0, kraft, 1e-9, "a complete prefix code");
        assertTrue(lengths[0] >= lengths[lengths.length - 1], "the rarest symbol's code is not shorter");
    }

    /** Eight symbols of Fibonacci weights, in no order: the optimal code is seven bits deep, which 7 allows. */
    @Test
    void codesAsDeepAsAllowedAreTheOptimalOnes() {
        int[] frequencies = {5, 1, 13, 2, 0, 8, 1, 21, 3};

        byte[] lengths = ScanlineDeflater.codeLengths(frequencies, 7);

        assertArrayEquals(new byte[] {4, 7, 2, 6, 0, 3, 7, 1, 5}, lengths);
    }

    /** A tree of equal weights is balanced: a tree built from the wrong sums would be a chain. */
    @Test
    void equalFrequenciesGetCodesOfEqualLength() {
        assertArrayEquals(new byte[] {3, 3, 3, 3, 3, 3, 3, 3}, ScanlineDeflater.codeLengths(new int[] {5, 5, 5, 5, 5, 5, 5, 5}, 15));
    }

    @Test
    void codesDeeperThanAllowedAreFlattened() {
        int[] frequencies = {5, 1, 13, 2, 0, 8, 1, 21, 3};

        byte[] lengths = ScanlineDeflater.codeLengths(frequencies, 6);

        assertTrue(lengths[1] <= 6 && lengths[6] <= 6, Arrays.toString(lengths));
        assertEquals(0, lengths[4], "an unused symbol gets no code");
        assertTrue(lengths[7] <= lengths[2] && lengths[2] <= lengths[5], "heavier symbols keep codes no longer");
    }

    @Test
    void repeatsAreMeasuredUpToTheFirstDifferentByte() {
        byte[] data = {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 4};

        assertEquals(11, ScanlineDeflater.matching(data, 3, 3, 25), "long enough to compare eight at a time");
        assertEquals(5, ScanlineDeflater.matching(data, 3, 3, 5), "no further than allowed");
        assertEquals(4, ScanlineDeflater.matching(data, 3, 3, 4), "compared one at a time");
        assertEquals(5, ScanlineDeflater.matching(data, 9, 3, 7), "differs within the bytes compared one at a time");
        assertEquals(5, ScanlineDeflater.matching(data, 9, 3, 5), "alike up to the last byte allowed");
        assertEquals(13, ScanlineDeflater.matching(data, 15, 1, 14), "a run of the byte before");
        assertEquals(0, ScanlineDeflater.matching(data, 14, 1, 15), "a byte unlike the one before");
        assertEquals(0, ScanlineDeflater.matching(data, 14, 1, 3), "likewise, compared one at a time");
        assertEquals(2, ScanlineDeflater.matching(data, 12, 3, 10), "two alike, then one different");
    }

    /** Deflate's smallest match is three bytes, so four alike cost a literal and a match, not four literals. */
    @Test
    void shortRunsGoAsMatches() throws DataFormatException {
        byte[] data = new byte[4 * 1000];
        Random random = new Random(13);
        for (int i = 0; i < data.length; i += 4) {
            Arrays.fill(data, i, i + 4, (byte) random.nextInt(256));
        }

        byte[] deflated = ScanlineDeflater.deflate(data, data.length + 1);

        assertArrayEquals(data, Inflation.raw(deflated));
        // About 8 bits of literal and 2 of match a group, against 32 as literals.
        assertTrue(deflated.length < 2 * 1000, deflated.length + " bytes");
    }

    /** Twenty symbols of Fibonacci frequencies: the optimal literal code would be 19 bits deep, deflate allows 15. */
    @Test
    void fifteenBitCodesInflateBack() throws DataFormatException {
        List<Byte> bytes = new ArrayList<>();
        for (int s = 0, a = 1, b = 1; s < 20; s++, b = a + b, a = b - a) {
            for (int n = 0; n < a; n++) {
                bytes.add((byte) (s * 11));
            }
        }
        Collections.shuffle(bytes, new Random(17));
        byte[] data = new byte[bytes.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = bytes.get(i);
        }

        assertArrayEquals(data, Inflation.raw(ScanlineDeflater.deflate(data, data.length + 1)));
    }

    @Test
    void aTableOfOneUsedSymbolStillHasTwoCodes() {
        int[] frequencies = new int[30];
        frequencies[12] = 5;

        byte[] lengths = ScanlineDeflater.codeLengths(frequencies, 15);

        assertEquals(1, lengths[12]);
        assertEquals(1, lengths[0]);
        assertEquals(2, countNonZero(lengths));
    }

    /** RFC 1951, 3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) give 010, 011, 100, 101, 110, 00, 1110, 1111. */
    @Test
    void codesAreTheCanonicalOnesBitReversed() {
        int[] codes = ScanlineDeflater.codes(new byte[] {3, 3, 3, 3, 3, 2, 4, 4});

        assertArrayEquals(new int[] {0b010, 0b110, 0b001, 0b101, 0b011, 0b00, 0b0111, 0b1111}, codes);
    }

    private static int countNonZero(byte[] lengths) {
        int n = 0;
        for (byte length : lengths) {
            if (length != 0) {
                n++;
            }
        }
        return n;
    }
}
