package org.captchaws.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameGuardTest {

    private static final int LIMIT = 1000;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int PING = 0x9;
    private static final byte[] REFUSAL = FrameGuard.closeFrame(1009, "too big");

    private final FrameGuard guard = new FrameGuard(LIMIT, "too big");

    @Test
    void framesWithinTheLimitPassUnchangedWhateverTheReadsLookLike() {
        byte[] stream = concat(frame(TEXT, false, 10), frame(CONTINUATION, true, LIMIT), frame(PING, true, 5),
                frame(BINARY, true, 200), frame(TEXT, true, 0), frame(TEXT, true, 125), frame(TEXT, true, 126));
        for (int chunk : new int[]{1, 2, 3, 7, 13, 64, stream.length}) {
            FrameGuard fresh = new FrameGuard(LIMIT, "too big");
            assertArrayEquals(stream, passInChunks(fresh, stream, chunk), "in reads of " + chunk);
            assertFalse(fresh.refused());
        }
    }

    @Test
    void aTextFrameOneByteOverTheLimitBecomesACloseWith1009AndNothingAfterIt() {
        byte[] before = frame(TEXT, true, 20);
        byte[] stream = concat(before, frame(TEXT, true, LIMIT + 1), frame(TEXT, true, 5));

        byte[] handedOn = passInChunks(guard, stream, 64);

        assertArrayEquals(concat(before, REFUSAL), handedOn);
        assertTrue(guard.refused());
    }

    @Test
    void binaryAndContinuationFramesAreLimitedToo() {
        for (int opcode : new int[]{BINARY, CONTINUATION}) {
            FrameGuard fresh = new FrameGuard(LIMIT, "too big");
            assertArrayEquals(REFUSAL, passInChunks(fresh, frame(opcode, true, LIMIT + 1), 5), "opcode " + opcode);
        }
    }

    /** The attack: only the header ever comes, the payload is refused before it is read. */
    @Test
    void aHeaderAnnouncingAHugeFrameIsRefusedFromItsHeaderAlone() {
        byte[] header = header(TEXT, true, 256L << 20);

        assertArrayEquals(REFUSAL, passInChunks(guard, header, 1));
        assertEquals(0, guard.pass(new byte[4096], 4096).remaining(), "the payload that follows is dropped");
    }

    @Test
    void aLengthWithItsTopBitSetIsRefused() {
        byte[] header = header(TEXT, true, 1);
        byte[] forbidden = Arrays.copyOf(header, 14);
        forbidden[1] = (byte) (0x80 | 127);
        forbidden[2] = (byte) 0x80;
        Arrays.fill(forbidden, 3, 10, (byte) 0);

        assertArrayEquals(REFUSAL, passInChunks(guard, forbidden, 14));
    }

    @Test
    void aHeaderSplitAcrossReadsIsHeldUntilComplete() {
        byte[] header = header(TEXT, true, 300);

        assertEquals(0, guard.pass(header, 5).remaining(), "half a header is held back");
        ByteBuffer rest = guard.pass(Arrays.copyOfRange(header, 5, header.length), header.length - 5);

        assertArrayEquals(header, bytes(rest));
    }

    @Test
    void theCloseFrameIsAMaskedCloseWithTheCodeAndReason() {
        byte[] close = FrameGuard.closeFrame(1009, "消息超过大小限制");

        assertEquals(0x88, close[0] & 0xFF);
        assertEquals(0x80, close[1] & 0x80, "masked, as from a client");
        int length = close[1] & 0x7F;
        assertEquals(close.length - 6, length);
        assertArrayEquals(new byte[4], Arrays.copyOfRange(close, 2, 6), "a key of zeros");
        assertEquals(1009, ((close[6] & 0xFF) << 8) | (close[7] & 0xFF));
        assertEquals("消息超过大小限制", new String(close, 8, close.length - 8, StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> FrameGuard.closeFrame(1009, "x".repeat(124)));
    }

    @Test
    void aCloseReasonOf123BytesFitsAControlFrame() {
        byte[] close = FrameGuard.closeFrame(1009, "x".repeat(123));

        assertEquals(125, close[1] & 0x7F);
        assertEquals(6 + 125, close.length);
    }

    /** Client frames are masked; an unmasked one has no key, and the next frame's header is found where it is. */
    @Test
    void anUnmaskedFrameHasNoKeyAndTheNextHeaderIsReadRightAfterItsPayload() {
        byte[] unmasked = {(byte) 0x81, 5, 'h', 'e', 'l', 'l', 'o'};
        byte[] stream = concat(unmasked, header(TEXT, true, LIMIT + 1));

        assertArrayEquals(concat(unmasked, REFUSAL), passInChunks(guard, stream, stream.length));
        assertTrue(guard.refused());
    }

    /** A payload is never read as a header, whatever its bytes look like. */
    @Test
    void aSmallPayloadThatLooksLikeAHugeHeaderPassesAsPayload() {
        byte[] lookalike = header(TEXT, true, 256L << 20);
        byte[] stream = concat(header(BINARY, true, lookalike.length), lookalike, frame(TEXT, true, 3));

        assertArrayEquals(stream, passInChunks(guard, stream, 4));
        assertFalse(guard.refused());
    }

    /** A container reads into a buffer larger than what arrived: only the bytes read count. */
    @Test
    void onlyTheBytesReadArePassedNotTheRestOfTheBuffer() {
        byte[] small = frame(TEXT, true, 2);
        byte[] buffer = Arrays.copyOf(small, 64);
        Arrays.fill(buffer, small.length, buffer.length, (byte) 0xFF);

        assertArrayEquals(small, bytes(guard.pass(buffer, small.length)));
        byte[] next = frame(TEXT, true, 1);
        assertArrayEquals(next, bytes(guard.pass(Arrays.copyOf(next, 64), next.length)), "no stray byte was taken for a header");
    }

    private static byte[] passInChunks(FrameGuard guard, byte[] stream, int chunk) {
        ByteArrayOutputStream handedOn = new ByteArrayOutputStream();
        for (int at = 0; at < stream.length; at += chunk) {
            byte[] read = Arrays.copyOfRange(stream, at, Math.min(stream.length, at + chunk));
            handedOn.writeBytes(bytes(guard.pass(read, read.length)));
        }
        return handedOn.toByteArray();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A masked client frame with a payload of its length. */
    private static byte[] frame(int opcode, boolean fin, int length) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');
        return concat(header(opcode, fin, length), payload);
    }

    private static byte[] header(int opcode, boolean fin, long length) {
        ByteBuffer header = ByteBuffer.allocate(14);
        header.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length < 126) {
            header.put((byte) (0x80 | length));
        } else if (length < 65536) {
            header.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            header.put((byte) (0x80 | 127)).putLong(length);
        }
        header.putInt(0x12345678);
        return Arrays.copyOf(header.array(), header.position());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
