package org.captchaws.protocol;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream Tyrus reads through: what a client sends, as the container hands it over in chunks. */
class GuardedInputTest {

    private static final int LIMIT = 100;
    private static final byte[] REFUSAL = FrameGuard.closeFrame(1009, "too big");

    @Test
    void framesWithinTheLimitReachTheReaderWholeThoughItAsksForLittleAtATime() throws Exception {
        byte[] frames = concat(frame(20), frame(LIMIT));
        FakeInput client = new FakeInput(frames, 7);
        FrameGuardFilter.GuardedInput in = new FrameGuardFilter.GuardedInput(client, new FrameGuard(LIMIT, "too big"));

        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[5];
        while (in.isReady()) {
            int n = in.read(buffer, 0, buffer.length);
            assertTrue(n >= 0, "never end-of-stream while data comes");
            read.write(buffer, 0, n);
        }

        assertArrayEquals(frames, read.toByteArray());
    }

    @Test
    void afterARefusalTheRestIsReadAndDroppedWithoutEndOfStream() throws Exception {
        byte[] huge = frame(LIMIT + 1);
        FakeInput client = new FakeInput(huge, 16);
        FrameGuardFilter.GuardedInput in = new FrameGuardFilter.GuardedInput(client, new FrameGuard(LIMIT, "too big"));

        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[64];
        while (in.isReady()) {
            int n = in.read(buffer, 0, buffer.length);
            assertTrue(n >= 0, "never end-of-stream");
            read.write(buffer, 0, n);
        }

        assertArrayEquals(REFUSAL, read.toByteArray());
        assertEquals(0, client.available(), "the client's bytes were all consumed");
    }

    @Test
    void singleBytesComeOnlyWhileDataIsReady() throws Exception {
        byte[] small = frame(3);
        FrameGuardFilter.GuardedInput in = new FrameGuardFilter.GuardedInput(new FakeInput(small, 1), new FrameGuard(LIMIT, "too big"));

        for (byte b : small) {
            assertEquals(b & 0xFF, in.read());
        }
        assertThrows(IllegalStateException.class, in::read);
    }

    /** Hands over the bytes in chunks of at most {@code chunk}, ready while any are left. */
    private static final class FakeInput extends ServletInputStream {
        private final Deque<byte[]> chunks = new ArrayDeque<>();

        FakeInput(byte[] bytes, int chunk) {
            for (int at = 0; at < bytes.length; at += chunk) {
                chunks.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk)));
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] next = chunks.poll();
            if (next == null) {
                throw new IllegalStateException("not ready");
            }
            int n = Math.min(len, next.length);
            System.arraycopy(next, 0, b, off, n);
            if (n < next.length) {
                chunks.push(Arrays.copyOfRange(next, n, next.length));
            }
            return n;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int available() {
            return chunks.stream().mapToInt(c -> c.length).sum();
        }

        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public boolean isReady() {
            return !chunks.isEmpty();
        }

        @Override
        public void setReadListener(ReadListener listener) {
        }
    }

    private static byte[] frame(int length) {
        ByteBuffer header = ByteBuffer.allocate(8 + length);
        header.put((byte) 0x81).put((byte) (0x80 | 126)).putShort((short) length).putInt(0x01020304);
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');
        return header.put(payload).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
