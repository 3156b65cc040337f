package org.captchaws.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The API keys a backend may present, held only as SHA-256 digests. Several keys are valid at
 * once, so a key can be replaced without downtime: add the new one, move the clients, drop the
 * old one.
 */
public final class ApiKeys {

    public static final int MIN_LENGTH = 32;
    private static final int FINGERPRINT_HEX_DIGITS = 8;

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /**
     * A comma-separated list; blank or absent means no keys. A key shorter than
     * {@link #MIN_LENGTH} is refused, and the whole list with it: a short key is guessable, and
     * quietly dropping it would leave a client locked out for a reason nobody sees.
     *
     * @throws IllegalArgumentException naming the key by its position and length, never its text
     */
    public static ApiKeys parse(String list) {
        List<byte[]> digests = new ArrayList<>();
        if (list != null) {
            String[] entries = list.split(",");
            for (int i = 0; i < entries.length; i++) {
                String key = entries[i].strip();
                if (key.isEmpty()) {
                    continue;
                }
                if (key.length() < MIN_LENGTH) {
                    throw new IllegalArgumentException("captcha.auth.keys: key #" + (i + 1) + " has " + key.length()
                            + " characters; at least " + MIN_LENGTH + " are required");
                }
                digests.add(sha256(key));
            }
        }
        return new ApiKeys(List.copyOf(digests));
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public int size() {
        return digests.size();
    }

    /**
     * Whether the presented key is one of the keys. Compares digests in constant time, and
     * always against every key, so neither the timing nor the position of a match tells an
     * attacker anything.
     */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] key : digests) {
            match |= MessageDigest.isEqual(digest, key);
        }
        return match;
    }

    /** Short names for the log: the first hex digits of each key's SHA-256, which reveal nothing of the key. */
    public List<String> fingerprints() {
        return digests.stream()
                .map(d -> HexFormat.of().formatHex(d).substring(0, FINGERPRINT_HEX_DIGITS))
                .toList();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
