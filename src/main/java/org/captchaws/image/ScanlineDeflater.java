package org.captchaws.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Deflate (RFC 1951) for a palette image's scanlines: one block with Huffman codes made for
 * that image, and repeats looked for in two places only, the byte before (runs of one colour)
 * and the byte a row above (shapes that go on down). That is where a captcha's repeats are.
 * On this project's 2-bit captchas {@code java.util.zip.Deflater} at its fastest level took
 * about twice as long, searching everywhere, for larger output (see BENCHMARKS.md).
 */
final class ScanlineDeflater {

    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;
    private static final int MAX_DISTANCE = 32768;
    private static final int END_OF_BLOCK = 256;
    private static final int LITERAL_LENGTH_CODES = 286;
    private static final int DISTANCE_CODES = 30;
    private static final int CODE_LENGTH_CODES = 19;
    private static final int MAX_BITS = 15;
    private static final int MAX_CODE_LENGTH_BITS = 7;
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final int REPEAT_PREVIOUS = 16;
    private static final int REPEAT_ZERO = 17;
    private static final int REPEAT_ZERO_LONG = 18;

    private static final int[] LENGTH_BASE =
            {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA =
            {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
            257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA =
            {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    /** For each match length, the index of its length code (0 for code 257). */
    private static final byte[] LENGTH_CODE = new byte[MAX_MATCH + 1];

    private static final VarHandle EIGHT_BYTES =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** A match's token: this bit, its length shifted left once, and whether it repeats the row above. */
    private static final int MATCH = 1 << 15;

    static {
        for (int code = 0; code < LENGTH_BASE.length - 1; code++) {
            for (int length = LENGTH_BASE[code]; length < LENGTH_BASE[code + 1]; length++) {
                LENGTH_CODE[length] = (byte) code;
            }
        }
        // 258 has a code of its own (285), with no extra bits.
        LENGTH_CODE[MAX_MATCH] = (byte) (LENGTH_BASE.length - 1);
    }

    /**
     * Deflaters between uses, with the buffers they keep: a captcha's deflating allocated about
     * 26 KB of them, a young collection's worth every few thousand captchas. As many as there
     * may be requests on the worker threads at once; more are made and dropped.
     */
    private static final BlockingQueue<ScanlineDeflater> POOL = new ArrayBlockingQueue<>(64);
    private static final int MAX_POOLED_INPUT = 1 << 16;
    private static final int MAX_SYMBOLS = LITERAL_LENGTH_CODES;

    private byte[] out;
    private int position;
    private long bits;
    private int bitCount;
    private short[] tokens = new short[0];
    private final int[] literalFrequencies = new int[LITERAL_LENGTH_CODES];
    private final int[] distanceFrequencies = new int[DISTANCE_CODES];
    private final byte[] literalLengths = new byte[LITERAL_LENGTH_CODES];
    private final byte[] distanceLengths = new byte[DISTANCE_CODES];
    private final int[] literalCodes = new int[LITERAL_LENGTH_CODES];
    private final int[] distanceCodes = new int[DISTANCE_CODES];
    // The header's: the code lengths of both tables, as symbols of the code-length code.
    private final byte[] bothLengths = new byte[LITERAL_LENGTH_CODES + DISTANCE_CODES];
    private final int[] lengthSymbols = new int[3 * (LITERAL_LENGTH_CODES + DISTANCE_CODES)];
    private final int[] codeLengthFrequencies = new int[CODE_LENGTH_CODES];
    private final byte[] codeLengthLengths = new byte[CODE_LENGTH_CODES];
    private final int[] codeLengthCodes = new int[CODE_LENGTH_CODES];
    // Building a Huffman code.
    private final int[] weights = new int[MAX_SYMBOLS];
    private final long[] leaves = new long[MAX_SYMBOLS];
    private final long[] nodeWeight = new long[2 * MAX_SYMBOLS];
    private final int[] parent = new int[2 * MAX_SYMBOLS];
    private final int[] depth = new int[2 * MAX_SYMBOLS];
    private final int[] perLength = new int[MAX_BITS + 1];
    private final int[] nextCode = new int[MAX_BITS + 1];

    private ScanlineDeflater(int capacity) {
        out = new byte[capacity];
    }

    /**
     * {@code data} as one final deflate block (no zlib header or checksum).
     *
     * @param rowLength the bytes from one row to the next, filter byte included
     */
    static byte[] deflate(byte[] data, int rowLength) {
        checkRowLength(rowLength);
        ScanlineDeflater deflater = POOL.poll();
        if (deflater == null) {
            // Room for the data as they are and the code tables; more only for data that do not compress.
            deflater = new ScanlineDeflater(data.length + 512);
        }
        try {
            return deflater.deflateBlock(data, rowLength);
        } finally {
            // One that grew for a large picture is not kept: the pool would hold its buffers for good.
            if (deflater.tokens.length <= MAX_POOLED_INPUT) {
                POOL.offer(deflater);
            }
        }
    }

    /** As {@link #deflate(byte[], int)}, by a deflater of its own that starts with room for {@code capacity} bytes of output. */
    static byte[] deflate(byte[] data, int rowLength, int capacity) {
        checkRowLength(rowLength);
        return new ScanlineDeflater(Math.max(capacity, 1)).deflateBlock(data, rowLength);
    }

    private static void checkRowLength(int rowLength) {
        if (rowLength < 1) {
            throw new IllegalArgumentException("row length must be positive, was " + rowLength);
        }
    }

    private byte[] deflateBlock(byte[] data, int rowLength) {
        position = 0;
        bits = 0;
        bitCount = 0;
        Arrays.fill(literalFrequencies, 0);
        Arrays.fill(distanceFrequencies, 0);
        if (tokens.length < data.length) {
            // A literal or a match fits in 16 bits, and this list is the largest thing kept here.
            tokens = new short[data.length];
        }
        int above = rowLength <= MAX_DISTANCE ? rowLength : 0;
        int aboveCode = above > 0 ? distanceCode(above) : 0;
        int count = 0;
        for (int i = 0; i < data.length; ) {
            int most = Math.min(MAX_MATCH, data.length - i);
            int run = i >= 1 ? matching(data, i, 1, most) : 0;
            int up = above > 0 && i >= above ? matching(data, i, above, most) : 0;
            if (up >= MIN_MATCH && up >= run) {
                tokens[count++] = (short) (MATCH | up << 1 | 1);
                literalFrequencies[257 + LENGTH_CODE[up]]++;
                distanceFrequencies[aboveCode]++;
                i += up;
            } else if (run >= MIN_MATCH) {
                tokens[count++] = (short) (MATCH | run << 1);
                literalFrequencies[257 + LENGTH_CODE[run]]++;
                distanceFrequencies[0]++;
                i += run;
            } else {
                int literal = data[i++] & 0xff;
                tokens[count++] = (short) literal;
                literalFrequencies[literal]++;
            }
        }
        literalFrequencies[END_OF_BLOCK]++;

        codeLengths(literalFrequencies, LITERAL_LENGTH_CODES, MAX_BITS, literalLengths);
        codeLengths(distanceFrequencies, DISTANCE_CODES, MAX_BITS, distanceLengths);
        header();
        codes(literalLengths, LITERAL_LENGTH_CODES, literalCodes);
        codes(distanceLengths, DISTANCE_CODES, distanceCodes);
        int aboveBitCount = distanceLengths[aboveCode] + DISTANCE_EXTRA[aboveCode];
        int aboveBits = distanceCodes[aboveCode] | (above - DISTANCE_BASE[aboveCode]) << distanceLengths[aboveCode];
        for (int t = 0; t < count; t++) {
            int token = tokens[t] & 0xffff;
            if ((token & MATCH) == 0) {
                write(literalCodes[token], literalLengths[token]);
                continue;
            }
            int length = (token & ~MATCH) >>> 1;
            int code = LENGTH_CODE[length];
            int codeLength = literalLengths[257 + code];
            write(literalCodes[257 + code] | (length - LENGTH_BASE[code]) << codeLength,
                    codeLength + LENGTH_EXTRA[code]);
            if ((token & 1) == 0) {
                write(distanceCodes[0], distanceLengths[0]);
            } else {
                write(aboveBits, aboveBitCount);
            }
        }
        write(literalCodes[END_OF_BLOCK], literalLengths[END_OF_BLOCK]);
        return finish();
    }

    /** How many bytes from {@code i} on, at most {@code most}, repeat those {@code distance} before them. */
    static int matching(byte[] data, int i, int distance, int most) {
        int from = i - distance;
        if (most >= Long.BYTES) {
            // Eight bytes compared at once, without a branch per byte: most positions differ within them.
            long differ = (long) EIGHT_BYTES.get(data, i) ^ (long) EIGHT_BYTES.get(data, from);
            if (differ != 0) {
                return Long.numberOfTrailingZeros(differ) >>> 3;
            }
            int rest = Arrays.mismatch(data, i + Long.BYTES, i + most, data, from + Long.BYTES, from + most);
            return rest < 0 ? most : Long.BYTES + rest;
        }
        int length = 0;
        while (length < most && data[i + length] == data[from + length]) {
            length++;
        }
        return length;
    }

    private static int distanceCode(int distance) {
        int code = DISTANCE_BASE.length - 1;
        while (DISTANCE_BASE[code] > distance) {
            code--;
        }
        return code;
    }

    /** The block's first bits: final, dynamic codes, and the two code tables as code lengths. */
    private void header() {
        int literals = Math.max(257, usedUpTo(literalLengths, LITERAL_LENGTH_CODES));
        int distances = Math.max(1, usedUpTo(distanceLengths, DISTANCE_CODES));
        byte[] lengths = bothLengths;
        int total = literals + distances;
        System.arraycopy(literalLengths, 0, lengths, 0, literals);
        System.arraycopy(distanceLengths, 0, lengths, literals, distances);

        // The lengths, with runs written as repeat codes: symbol, then extra bits' count and value.
        int count = 0;
        Arrays.fill(codeLengthFrequencies, 0);
        for (int i = 0; i < total; ) {
            int length = lengths[i];
            int run = 1;
            while (i + run < total && lengths[i + run] == length) {
                run++;
            }
            if (length == 0 && run >= 11) {
                run = Math.min(run, 138);
                count = symbol(count, REPEAT_ZERO_LONG, 7, run - 11);
            } else if (length == 0 && run >= 3) {
                run = Math.min(run, 10);
                count = symbol(count, REPEAT_ZERO, 3, run - 3);
            } else if (length != 0 && run >= 4) {
                count = symbol(count, length, 0, 0);
                run = Math.min(run, 7);
                count = symbol(count, REPEAT_PREVIOUS, 2, run - 4);
            } else {
                run = 1;
                count = symbol(count, length, 0, 0);
            }
            i += run;
        }
        codeLengths(codeLengthFrequencies, CODE_LENGTH_CODES, MAX_CODE_LENGTH_BITS, codeLengthLengths);
        codes(codeLengthLengths, CODE_LENGTH_CODES, codeLengthCodes);
        int order = CODE_LENGTH_ORDER.length;
        while (order > 4 && codeLengthLengths[CODE_LENGTH_ORDER[order - 1]] == 0) {
            order--;
        }

        write(1, 1); // the final block
        write(2, 2); // with dynamic Huffman codes
        write(literals - 257, 5);
        write(distances - 1, 5);
        write(order - 4, 4);
        for (int i = 0; i < order; i++) {
            write(codeLengthLengths[CODE_LENGTH_ORDER[i]], 3);
        }
        for (int s = 0; s < count; s += 3) {
            write(codeLengthCodes[lengthSymbols[s]], codeLengthLengths[lengthSymbols[s]]);
            write(lengthSymbols[s + 2], lengthSymbols[s + 1]);
        }
    }

    private int symbol(int count, int symbol, int extraBits, int extra) {
        lengthSymbols[count] = symbol;
        lengthSymbols[count + 1] = extraBits;
        lengthSymbols[count + 2] = extra;
        codeLengthFrequencies[symbol]++;
        return count + 3;
    }

    private static int usedUpTo(byte[] lengths, int symbols) {
        int n = symbols;
        while (n > 0 && lengths[n - 1] == 0) {
            n--;
        }
        return n;
    }

    /** As {@link #codeLengths(int[], int, int, byte[])}, into a new array (for tests). */
    static byte[] codeLengths(int[] frequencies, int maxBits) {
        byte[] lengths = new byte[frequencies.length];
        new ScanlineDeflater(1).codeLengths(frequencies, frequencies.length, maxBits, lengths);
        return lengths;
    }

    /**
     * Huffman code lengths for the first {@code symbols} {@code frequencies}, none longer than
     * {@code maxBits}, into {@code lengths}. At least two symbols get a code, as zlib does, so that
     * even a table of one used symbol is a complete code every inflater takes. Codes too long are
     * made shorter by flattening the frequencies and building again.
     */
    private void codeLengths(int[] frequencies, int symbols, int maxBits, byte[] lengths) {
        System.arraycopy(frequencies, 0, weights, 0, symbols);
        int used = 0;
        for (int s = 0; s < symbols; s++) {
            if (weights[s] > 0) {
                used++;
            }
        }
        for (int s = 0; used < 2; s++) {
            if (weights[s] == 0) {
                weights[s] = 1;
                used++;
            }
        }
        while (true) {
            int longest = huffman(symbols, used, lengths);
            if (longest <= maxBits) {
                return;
            }
            for (int s = 0; s < symbols; s++) {
                if (weights[s] > 0) {
                    weights[s] = (weights[s] + 1) / 2;
                }
            }
        }
    }

    /**
     * Code lengths of a Huffman tree over the symbols of non-zero weight, built with two queues.
     *
     * @return the longest
     */
    private int huffman(int symbols, int used, byte[] lengths) {
        // Leaves sorted by weight: weight in the high bits, symbol in the low ones.
        for (int s = 0, n = 0; s < symbols; s++) {
            if (weights[s] > 0) {
                leaves[n++] = (long) weights[s] << 32 | s;
            }
        }
        Arrays.sort(leaves, 0, used);
        int nodes = 2 * used - 1;
        for (int n = 0; n < used; n++) {
            nodeWeight[n] = leaves[n] >>> 32;
        }
        // Internal nodes are made in order of weight, so the lightest two are always at the queues' heads.
        int nextLeaf = 0;
        int nextInternal = used;
        for (int made = used; made < nodes; made++) {
            nodeWeight[made] = 0;
            for (int child = 0; child < 2; child++) {
                int lightest = nextLeaf < used && (nextInternal >= made || nodeWeight[nextLeaf] <= nodeWeight[nextInternal])
                        ? nextLeaf++ : nextInternal++;
                parent[lightest] = made;
                nodeWeight[made] += nodeWeight[lightest];
            }
        }
        // A parent is made after its children: depths from the root down.
        depth[nodes - 1] = 0;
        for (int n = nodes - 2; n >= 0; n--) {
            depth[n] = depth[parent[n]] + 1;
        }
        Arrays.fill(lengths, 0, symbols, (byte) 0);
        int longest = 0;
        for (int n = 0; n < used; n++) {
            lengths[(int) leaves[n]] = (byte) depth[n];
            longest = Math.max(longest, depth[n]);
        }
        return longest;
    }

    /** As {@link #codes(byte[], int, int[])}, into a new array (for tests). */
    static int[] codes(byte[] lengths) {
        int[] codes = new int[lengths.length];
        new ScanlineDeflater(1).codes(lengths, lengths.length, codes);
        return codes;
    }

    /** The canonical codes (RFC 1951, 3.2.2) for the first {@code symbols} {@code lengths}, bit-reversed to be written low bit first. */
    private void codes(byte[] lengths, int symbols, int[] codes) {
        Arrays.fill(perLength, 0);
        for (int s = 0; s < symbols; s++) {
            perLength[lengths[s]]++;
        }
        perLength[0] = 0;
        for (int bits = 1, code = 0; bits <= MAX_BITS; bits++) {
            code = (code + perLength[bits - 1]) << 1;
            nextCode[bits] = code;
        }
        for (int s = 0; s < symbols; s++) {
            int length = lengths[s];
            codes[s] = length == 0 ? 0 : Integer.reverse(nextCode[length]++) >>> (32 - length);
        }
    }

    /** Writes the low {@code count} (at most 32) bits of {@code value}, low bit first. */
    private void write(int value, int count) {
        bits |= (value & 0xffffffffL) << bitCount;
        bitCount += count;
        if (bitCount >= 32) {
            if (position + Integer.BYTES > out.length) {
                out = Arrays.copyOf(out, Math.max(2 * out.length, position + Integer.BYTES));
            }
            out[position] = (byte) bits;
            out[position + 1] = (byte) (bits >>> 8);
            out[position + 2] = (byte) (bits >>> 16);
            out[position + 3] = (byte) (bits >>> 24);
            position += 4;
            bits >>>= 32;
            bitCount -= 32;
        }
    }

    private byte[] finish() {
        while (bitCount > 0) {
            if (position == out.length) {
                out = Arrays.copyOf(out, out.length + Long.BYTES);
            }
            out[position++] = (byte) bits;
            bits >>>= 8;
            bitCount -= 8;
        }
        return Arrays.copyOf(out, position);
    }
}
