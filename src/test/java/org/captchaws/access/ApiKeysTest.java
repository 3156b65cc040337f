package org.captchaws.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    static final String KEY_A = "a".repeat(31) + "A";
    static final String KEY_B = "k3y-B_0123456789abcdefghijklmnopqrstuv";

    @Test
    void everyListedKeyMatchesAndNothingElse() {
        ApiKeys keys = ApiKeys.parse(" " + KEY_A + " ," + KEY_B + ",");

        assertEquals(2, keys.size());
        assertTrue(keys.matches(KEY_A));
        assertTrue(keys.matches(KEY_B));
        assertFalse(keys.matches(KEY_A.substring(1)));
        assertFalse(keys.matches(KEY_A + "x"));
        assertFalse(keys.matches(KEY_A.toLowerCase()));
        assertFalse(keys.matches(""));
        assertFalse(keys.matches(null));
    }

    @Test
    void noKeysMeansEmptyAndMatchesNothing() {
        for (String none : new String[]{null, "", " , "}) {
            ApiKeys keys = ApiKeys.parse(none);
            assertTrue(keys.isEmpty());
            assertFalse(keys.matches(""));
        }
    }

    @Test
    void aShortKeyRefusesTheWholeListWithoutShowingIt() {
        String shortKey = "s3cr3t-but-only-31-characters-x";
        assertEquals(31, shortKey.length());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse(KEY_A + "," + shortKey));

        assertTrue(e.getMessage().contains("#2") && e.getMessage().contains("31"), e.getMessage());
        assertFalse(e.getMessage().contains(shortKey), e.getMessage());
        assertFalse(e.getMessage().contains(KEY_A), e.getMessage());
    }

    @Test
    void thirtyTwoCharactersAreEnough() {
        assertTrue(ApiKeys.parse("x".repeat(32)).matches("x".repeat(32)));
    }

    @Test
    void fingerprintsAreShortAndRevealNoKey() {
        List<String> fingerprints = ApiKeys.parse(KEY_A + "," + KEY_B).fingerprints();

        assertEquals(2, fingerprints.size());
        for (String fingerprint : fingerprints) {
            assertTrue(fingerprint.matches("[0-9a-f]{8}"), fingerprint);
            assertFalse(KEY_A.contains(fingerprint) || KEY_B.contains(fingerprint));
        }
        assertFalse(fingerprints.get(0).equals(fingerprints.get(1)));
    }
}
