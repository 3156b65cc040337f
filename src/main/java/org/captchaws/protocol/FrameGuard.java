package org.captchaws.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Watches the bytes a client sends on an upgraded connection and stops a data frame whose
 * header announces more than the limit, before its payload is read. The server's WebSocket
 * implementation gets, instead of that header, a close frame with 1009 as if the client had
 * sent it, and answers it in kind; whatever the client sends after is dropped unread.
 *
 * <p>Why a stand-in close frame: Tyrus (Payara) buffers a frame until it is whole and refuses
 * one past its incoming buffer with 1011 "Buffer overflow." and a stack trace in the log; it has
 * no hook for an early refusal. A close frame is a message it already handles, ending in the
 * close code the protocol promises.
 *
 * <p>A header is held back until it is complete (at most 14 bytes), so the implementation never
 * sees half a header of a frame that is then refused. Not thread-safe: one connection's reads
 * come one at a time.
 */
final class FrameGuard {

    private static final int MAX_HEADER = 14;
    private static final int CLOSE = 0x88;
    private static final int MASKED = 0x80;

    private final long limit;
    private final byte[] refusal;
    private final byte[] header = new byte[MAX_HEADER];
    private int held;
    private long payloadLeft;
    private boolean refused;
    private ByteBuffer out = ByteBuffer.allocate(0);

    FrameGuard(long limit, String reason) {
        this.limit = limit;
        this.refusal = closeFrame(1009, reason);
    }

    /** True once a frame was refused: the connection is closing and nothing more is handed on. */
    boolean refused() {
        return refused;
    }

    /**
     * The bytes to hand on for {@code length} bytes read from the client.
     *
     * @return a buffer ready to read, valid until the next call
     */
    ByteBuffer pass(byte[] read, int length) {
        int capacity = length + MAX_HEADER + refusal.length;
        if (out.capacity() < capacity) {
            out = ByteBuffer.allocate(capacity);
        }
        out.clear();
        for (int i = 0; i < length && !refused; ) {
            if (payloadLeft > 0) {
                int run = (int) Math.min(payloadLeft, length - i);
                out.put(read, i, run);
                i += run;
                payloadLeft -= run;
            } else {
                header[held++] = read[i++];
                if (held == headerLength()) {
                    endHeader();
                }
            }
        }
        return out.flip();
    }

    private void endHeader() {
        long payload = payloadLength();
        boolean dataFrame = (header[0] & 0x08) == 0;
        if (dataFrame && (payload > limit || payload < 0)) {
            out.put(refusal);
            refused = true;
        } else {
            out.put(header, 0, held);
            payloadLeft = payload;
        }
        held = 0;
    }

    /** The whole header's length as far as the bytes held tell it. */
    private int headerLength() {
        if (held < 2) {
            return 2;
        }
        int code = header[1] & 0x7F;
        int extended = code == 126 ? 2 : code == 127 ? 8 : 0;
        return 2 + extended + ((header[1] & MASKED) != 0 ? 4 : 0);
    }

    /** The announced payload length; negative for a 64-bit length with its top bit set, which RFC 6455 forbids. */
    private long payloadLength() {
        int code = header[1] & 0x7F;
        if (code < 126) {
            return code;
        }
        long length = 0;
        for (int i = 2; i < (code == 126 ? 4 : 10); i++) {
            length = (length << 8) | (header[i] & 0xFF);
        }
        return length;
    }

    /** A client's close frame: masked, as RFC 6455 requires of a client, with a key of zeros so the payload reads as it is. */
    static byte[] closeFrame(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int payload = 2 + text.length;
        if (payload > 125) {
            throw new IllegalArgumentException("a close reason is at most 123 bytes");
        }
        ByteBuffer frame = ByteBuffer.allocate(2 + 4 + payload);
        frame.put((byte) CLOSE).put((byte) (MASKED | payload)).putInt(0).putShort((short) code).put(text);
        return frame.array();
    }
}
