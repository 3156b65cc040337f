package org.captchaws.image;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The names a request gives {@code data.kind}. */
class CaptchaKindTest {

    @Test
    void eachKindIsNamedByItsWireName() {
        assertEquals("text", CaptchaKind.TEXT.wireName());
        assertEquals("math", CaptchaKind.MATH.wireName());
        assertEquals("chinese", CaptchaKind.CHINESE.wireName());
        assertEquals("gif", CaptchaKind.GIF.wireName());
        for (CaptchaKind kind : CaptchaKind.values()) {
            assertEquals(Optional.of(kind), CaptchaKind.named(kind.wireName()));
        }
    }

    @Test
    void anyOtherNameIsNone() {
        assertEquals(Optional.empty(), CaptchaKind.named("TEXT"), "exactly as written");
        assertEquals(Optional.empty(), CaptchaKind.named(" gif"));
        assertEquals(Optional.empty(), CaptchaKind.named("png"));
        assertEquals(Optional.empty(), CaptchaKind.named(""));
    }
}
