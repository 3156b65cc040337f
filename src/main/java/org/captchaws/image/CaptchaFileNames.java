package org.captchaws.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Names captcha images so that the name reveals nothing of the text and cannot be guessed.
 */
public final class CaptchaFileNames {

    private static final int SALT_BYTES = 32;
    private static final int NONCE_BYTES = 16;

    private final byte[] salt;
    private final SecureRandom random;

    public CaptchaFileNames(byte[] salt, SecureRandom random) {
        if (salt == null || salt.length == 0) {
            throw new IllegalArgumentException("file name salt must not be empty");
        }
        this.salt = salt.clone();
        this.random = Objects.requireNonNull(random, "random");
    }

    /** With a salt from configuration, taken as its UTF-8 bytes. */
    public CaptchaFileNames(String salt, SecureRandom random) {
        this(salt == null ? null : salt.getBytes(StandardCharsets.UTF_8), random);
    }

    /** A salt for when none is configured; names then differ from one start to the next, which is harmless. */
    public static byte[] randomSalt(SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    /**
     * The lowercase hex MD5 of salt, UTF-8 text and a fresh random nonce, plus ".png" (the seed's
     * names; see {@link #newName(String, String)} for other formats). The nonce keeps two
     * images of the same text apart; MD5 is only the name format of the original service, not a security
     * measure: the nonce alone makes the name unguessable.
     */
    public String newName(String text) {
        return newName(text, ImageFormat.PNG.extension());
    }

    /** As {@link #newName(String)}, with another extension. */
    public String newName(String text, String extension) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        MessageDigest md5 = md5();
        md5.update(salt);
        md5.update(text.getBytes(StandardCharsets.UTF_8));
        md5.update(nonce);
        return HexFormat.of().formatHex(md5.digest()) + extension;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support MD5", e);
        }
    }
}
