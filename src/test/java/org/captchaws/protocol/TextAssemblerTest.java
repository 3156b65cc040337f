package org.captchaws.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A connection's text messages put together from their parts, refused once past the limit. */
class TextAssemblerTest {

    @Test
    void aMessageIsWholeWithItsLastPartAndNotBefore() throws Exception {
        TextAssembler text = new TextAssembler(100);

        assertNull(text.add("{\"id\":", false));
        assertNull(text.add("1,", false));
        assertEquals("{\"id\":1,\"x\":2}", text.add("\"x\":2}", true));
    }

    @Test
    void eachMessageStartsEmptyAndHasTheWholeLimitAgain() throws Exception {
        TextAssembler text = new TextAssembler(10);

        assertEquals("0123456789", text.add("0123456789", true));
        assertNull(text.add("abcde", false));
        assertEquals("abcdefghij", text.add("fghij", true), "neither the first message's text nor its bytes carry over");
    }

    @Test
    void aMessageOfExactlyTheLimitPassesOneByteMoreIsRefused() throws Exception {
        assertEquals("x".repeat(10), new TextAssembler(10).add("x".repeat(10), true));

        TextAssembler text = new TextAssembler(10);
        assertNull(text.add("x".repeat(6), false));
        assertThrows(FrameTooLargeException.class, () -> text.add("x".repeat(5), false));
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() throws Exception {
        // 4 characters of 3 bytes each: 12 bytes.
        assertThrows(FrameTooLargeException.class, () -> new TextAssembler(11).add("验证码们", true));
        assertEquals("验证码们", new TextAssembler(12).add("验证码们", true));
    }

    @Test
    void aRefusedMessageIsRefusedOnceAndItsLaterPartsAreDropped() throws Exception {
        TextAssembler text = new TextAssembler(4);

        assertThrows(FrameTooLargeException.class, () -> text.add("12345", false));
        assertNull(text.add("6", false), "no second refusal");
        assertNull(text.add("7", true), "nothing of a refused message comes out, not even with its last part");
    }

    @Test
    void utf8LengthAtEachEncodingBoundary() {
        assertEquals(0, TextAssembler.utf8Length(""));
        assertEquals(1, TextAssembler.utf8Length("\u007F"));
        assertEquals(2, TextAssembler.utf8Length("\u0080"));
        assertEquals(2, TextAssembler.utf8Length("\u07FF"));
        assertEquals(3, TextAssembler.utf8Length("\u0800"));
        assertEquals(3, TextAssembler.utf8Length("\uFFFF"));
        assertEquals(4, TextAssembler.utf8Length("😀"), "a surrogate pair");
        assertEquals(2, TextAssembler.utf8Length("😀".substring(0, 1)), "half a pair, as a part may end");
        assertEquals("a验😀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, TextAssembler.utf8Length("a验😀"));
    }
}
