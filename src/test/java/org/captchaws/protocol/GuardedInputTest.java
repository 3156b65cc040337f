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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void endOfStreamIsPassedOnAsTheClientLeaving() throws Exception {
        FakeInput client = new FakeInput(new byte[0], 1);
        client.finished = true;
        FrameGuardFilter.GuardedInput in = new FrameGuardFilter.GuardedInput(client, new FrameGuard(LIMIT, "too big"));

        assertEquals(-1, in.read(new byte[8], 0, 8));
        assertEquals(-1, in.read());
    }

    @Test
    void availableCountsWhatTheGuardHoldsAndWhatTheClientHasSent() throws Exception {
        byte[] first = frame(20);
        FakeInput client = new FakeInput(concat(first, frame(3)), first.length);
        FrameGuardFilter.GuardedInput in = new FrameGuardFilter.GuardedInput(client, new FrameGuard(LIMIT, "too big"));
        assertEquals(first.length + frame(3).length, in.available());

        assertEquals(0, in.read(new byte[5], 0, 5), "part of a header is held back");
        assertEquals(5, in.read(new byte[5], 0, 5), "the header, whole, and two bytes of payload are ready");

        assertEquals(5 + first.length - 10 + frame(3).length, in.available());
    }

    @Test
    void finishedOnlyOnceTheGuardHoldsNothingAndTheClientsStreamIsFinished() throws Exception {
        byte[] empty = frame(0);
        FakeInput client = new FakeInput(empty, empty.length);
        FrameGuardFilter.GuardedInput in = new FrameGuardFilter.GuardedInput(client, new FrameGuard(LIMIT, "too big"));
        assertFalse(in.isFinished(), "the client's stream goes on");
        assertEquals(0, in.read(new byte[4], 0, 4));
        assertEquals(4, in.read(new byte[4], 0, 4));

        client.finished = true;
        assertFalse(in.isFinished(), "the guard still holds four bytes");

        assertEquals(4, in.read(new byte[8], 0, 8));
        assertTrue(in.isFinished());
    }

    @Test
    void listenerAndCloseReachTheClientsStream() throws Exception {
        FakeInput client = new FakeInput(new byte[0], 1);
        FrameGuardFilter.GuardedInput in = new FrameGuardFilter.GuardedInput(client, new FrameGuard(LIMIT, "too big"));
        ReadListener listener = new ReadListener() {
            @Override
            public void onDataAvailable() {
            }

            @Override
            public void onAllDataRead() {
            }

            @Override
            public void onError(Throwable t) {
            }
        };

        in.setReadListener(listener);
        in.close();

        assertSame(listener, client.listener);
        assertTrue(client.closed);
    }

    /**
     * Hands over the bytes in chunks of at most {@code chunk}, ready while any are left; at the
     * end, end-of-stream once the test says the client's stream is finished.
     */
    static final class FakeInput extends ServletInputStream {
        private final Deque<byte[]> chunks = new ArrayDeque<>();
        boolean finished;
        boolean closed;
        ReadListener listener;

        FakeInput(byte[] bytes, int chunk) {
            for (int at = 0; at < bytes.length; at += chunk) {
                chunks.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk)));
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] next = chunks.poll();
            if (next == null && finished) {
                return -1;
            }
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
            return finished && chunks.isEmpty();
        }

        @Override
        public boolean isReady() {
            return !chunks.isEmpty() || finished;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            closed = true;
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
