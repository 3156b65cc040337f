package org.captchaws.image;

import java.util.HashSet;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Draws captcha texts from an alphabet.
 */
public final class CaptchaTextGenerator {

    /**
     * Digits and ASCII letters without 0/O/o and 1/l/I, which people confuse in a distorted image.
     */
    public static final String DEFAULT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";

    private static final int MAX_LENGTH = 32;

    private final char[] alphabet;
    private final int length;
    private final Random random;

    public CaptchaTextGenerator(String alphabet, int length, Random random) {
        this.alphabet = checkedAlphabet(alphabet);
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "captcha length must be between 1 and " + MAX_LENGTH + ", was " + length);
        }
        this.length = length;
        this.random = Objects.requireNonNull(random, "random");
    }

    public String next() {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(text);
    }

    private static char[] checkedAlphabet(String alphabet) {
        if (alphabet == null || alphabet.isEmpty()) {
            throw new IllegalArgumentException("captcha alphabet must not be empty");
        }
        Set<Character> seen = new HashSet<>();
        for (char c : alphabet.toCharArray()) {
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new IllegalArgumentException("captcha alphabet must not contain whitespace: \"" + alphabet + '"');
            }
            if (!seen.add(c)) {
                // A repeated character would be drawn more often than the others.
                throw new IllegalArgumentException("captcha alphabet repeats '" + c + "': \"" + alphabet + '"');
            }
        }
        return alphabet.toCharArray();
    }
}
