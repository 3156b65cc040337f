package org.captchaws.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(3);

    @Test
    void eachDelayLiesInTheUpperHalfOfADoublingStep() {
        Backoff lowest = new Backoff(FIRST, MAX, () -> 0.0);
        Backoff highest = new Backoff(FIRST, MAX, () -> 0.999_999);

        long[] ceilings = {100, 200, 400, 800, 1600, 3000, 3000};
        for (int failures = 0; failures < ceilings.length; failures++) {
            assertEquals(ceilings[failures] / 2, lowest.delay(failures).toMillis(), "lowest after " + failures);
            assertEquals(ceilings[failures], highest.delay(failures).toMillis(), 1, "highest after " + failures);
        }
    }

    @Test
    void neverMoreThanTheLargestHoweverManyFailures() {
        Backoff backoff = new Backoff(FIRST, MAX, () -> 0.999_999);

        assertEquals(MAX.toMillis(), backoff.delay(10_000).toMillis(), 1);
        assertEquals(MAX.toMillis(), backoff.delay(Integer.MAX_VALUE).toMillis(), 1);
    }

    @Test
    void theJitterSpreadsTheDelaysWithinTheirBounds() {
        Backoff backoff = new Backoff(FIRST, MAX);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration delay = backoff.delay(3);
            assertTrue(delay.toMillis() >= 400 && delay.toMillis() <= 800, delay.toString());
            seen.add(delay);
        }
        assertTrue(seen.size() > 100, "clients restarting together must not reconnect together: " + seen.size() + " distinct");
    }

    @Test
    void delaysMustBePositiveAndOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, MAX));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(-1), MAX));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(MAX, FIRST));
    }
}
