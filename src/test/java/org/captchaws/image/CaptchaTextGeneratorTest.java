package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaptchaTextGeneratorTest {

    @Test
    void textHasTheConfiguredLength() {
        CaptchaTextGenerator generator = new CaptchaTextGenerator("ab", 7, new Random());

        assertEquals(7, generator.next().length());
    }

    @Test
    void textUsesOnlyAlphabetCharactersAndAllOfThem() {
        CaptchaTextGenerator generator = new CaptchaTextGenerator("xyz", 4, new Random(1));
        Set<Character> used = new HashSet<>();

        for (int i = 0; i < 100; i++) {
            for (char c : generator.next().toCharArray()) {
                used.add(c);
            }
        }

        assertEquals(Set.of('x', 'y', 'z'), used);
    }

    @Test
    void defaultAlphabetLeavesOutLookAlikes() {
        for (char lookAlike : "0Oo1lI".toCharArray()) {
            assertEquals(-1, CaptchaTextGenerator.DEFAULT_ALPHABET.indexOf(lookAlike), "contains " + lookAlike);
        }
        assertTrue(CaptchaTextGenerator.DEFAULT_ALPHABET.contains("2"));
        assertTrue(CaptchaTextGenerator.DEFAULT_ALPHABET.contains("x"));
    }

    @Test
    void defaultAlphabetIsAccepted() {
        String text = new CaptchaTextGenerator(CaptchaTextGenerator.DEFAULT_ALPHABET, 5, new Random()).next();

        assertTrue(text.chars().allMatch(c -> CaptchaTextGenerator.DEFAULT_ALPHABET.indexOf(c) >= 0), text);
    }

    @Test
    void sameSeedGivesSameTexts() {
        CaptchaTextGenerator first = new CaptchaTextGenerator(CaptchaTextGenerator.DEFAULT_ALPHABET, 6, new Random(42));
        CaptchaTextGenerator second = new CaptchaTextGenerator(CaptchaTextGenerator.DEFAULT_ALPHABET, 6, new Random(42));

        String text = first.next();

        assertEquals(text, second.next());
        assertNotEquals(text, first.next());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abca", "ab c", "ab\tc", "ab\u00a0c"})
    void rejectsBadAlphabets(String alphabet) {
        assertThrows(IllegalArgumentException.class, () -> new CaptchaTextGenerator(alphabet, 4, new Random()));
    }

    @Test
    void rejectsMissingAlphabet() {
        assertThrows(IllegalArgumentException.class, () -> new CaptchaTextGenerator(null, 4, new Random()));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 33})
    void rejectsBadLengths(int length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CaptchaTextGenerator("abc", length, new Random()));

        assertTrue(e.getMessage().contains("length"), e.getMessage());
    }

    @Test
    void acceptsLengthsAtTheLimits() {
        assertEquals(1, new CaptchaTextGenerator("abc", 1, new Random()).next().length());
        assertEquals(32, new CaptchaTextGenerator("abc", 32, new Random()).next().length());
    }
}
