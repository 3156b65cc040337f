package org.captchaws.protocol;

/**
 * Puts one connection's text message together from the parts the container hands over, and
 * refuses it as soon as it grows past the limit: a part is at most one network read on
 * Undertow, so an oversized frame costs the limit plus one read buffer, never the whole frame.
 * (Undertow's own buffering of whole messages does not check the limit while a frame is still
 * arriving: BufferedTextMessage, fixed upstream in UNDERTOW-2770 after 2.3.23.) Not
 * thread-safe: a container delivers one session's messages one at a time.
 */
final class TextAssembler {

    private final int maxBytes;
    private final StringBuilder text = new StringBuilder();
    private long bytes;
    private boolean refused;

    TextAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a part of the current message.
     *
     * @return the whole message with its last part; null before it, and for every part of a
     * message already refused
     * @throws FrameTooLargeException once, for the part that takes the message past the limit
     */
    String add(String part, boolean last) throws FrameTooLargeException {
        if (refused) {
            return null;
        }
        bytes += utf8Length(part);
        if (bytes > maxBytes) {
            refused = true;
            text.setLength(0);
            text.trimToSize();
            throw new FrameTooLargeException();
        }
        text.append(part);
        if (!last) {
            return null;
        }
        String message = text.toString();
        text.setLength(0);
        bytes = 0;
        return message;
    }

    /** UTF-8 bytes of the text; a surrogate pair is 4, 2 per half, so it may be split across parts. */
    static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
