package org.captchaws.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CaptchaFileNamesTest {

    private final CaptchaFileNames names = new CaptchaFileNames("salt", new SecureRandom());

    @Test
    void nameIsLowercaseHexMd5WithPngExtension() {
        assertTrue(names.newName("Ab3xY").matches("^[0-9a-f]{32}\\.png$"));
    }

    @Test
    void sameTextGetsADifferentNameEachTime() {
        assertNotEquals(names.newName("Ab3xY"), names.newName("Ab3xY"));
    }

    @Test
    void nameIsNotTheMd5OfTheTextAlone() throws NoSuchAlgorithmException {
        assertNotEquals(md5Hex("Ab3xY".getBytes(StandardCharsets.UTF_8)) + ".png", names.newName("Ab3xY"));
    }

    @Test
    void nameIsMd5OfSaltTextAndNonce() throws NoSuchAlgorithmException {
        byte[] nonce = new byte[16];
        Arrays.fill(nonce, (byte) 7);
        CaptchaFileNames fixed = new CaptchaFileNames("sälz", fixedRandom(nonce));

        String expected = md5Hex(concat("sälz".getBytes(StandardCharsets.UTF_8),
                "Ab3xY".getBytes(StandardCharsets.UTF_8), nonce));

        assertEquals(expected + ".png", fixed.newName("Ab3xY"));
    }

    @Test
    void saltChangesTheName() {
        byte[] nonce = new byte[16];

        assertNotEquals(new CaptchaFileNames("one", fixedRandom(nonce)).newName("Ab3xY"),
                new CaptchaFileNames("two", fixedRandom(nonce)).newName("Ab3xY"));
    }

    @Test
    void randomSaltIs32FreshBytes() {
        SecureRandom random = new SecureRandom();
        byte[] salt = CaptchaFileNames.randomSalt(random);

        assertEquals(32, salt.length);
        assertFalse(Arrays.equals(salt, CaptchaFileNames.randomSalt(random)));
    }

    @Test
    void rejectsEmptySalt() {
        assertThrows(IllegalArgumentException.class, () -> new CaptchaFileNames("", new SecureRandom()));
        assertThrows(IllegalArgumentException.class, () -> new CaptchaFileNames((String) null, new SecureRandom()));
        assertThrows(IllegalArgumentException.class, () -> new CaptchaFileNames(new byte[0], new SecureRandom()));
    }

    @Test
    void laterChangesToTheSaltArrayDoNotChangeNames() {
        byte[] salt = {1, 2, 3};
        byte[] nonce = new byte[16];
        CaptchaFileNames copied = new CaptchaFileNames(salt, fixedRandom(nonce));
        String before = new CaptchaFileNames(salt.clone(), fixedRandom(nonce)).newName("x");

        salt[0] = 9;

        assertEquals(before, copied.newName("x"));
    }

    /** Hands out the given bytes every time, so the nonce is known. */
    private static SecureRandom fixedRandom(byte[] bytes) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] out) {
                System.arraycopy(bytes, 0, out, 0, out.length);
            }
        };
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static String md5Hex(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
