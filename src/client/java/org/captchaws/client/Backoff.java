package org.captchaws.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: doubling from the first delay up to the largest, each drawn at random from
 * the upper half of its step ("equal jitter"). The randomness spreads the reconnects of many
 * back-ends after a restart of the service; the lower half bound keeps a delay from collapsing
 * to nothing.
 */
final class Backoff {

    private final long firstNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    Backoff(Duration first, Duration max) {
        this(first, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1) */
    Backoff(Duration first, Duration max, DoubleSupplier random) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("reconnect delays must be positive, the first not above the largest: "
                    + first + ", " + max);
        }
        this.firstNanos = first.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} failed ones (0 after a drop). */
    Duration delay(int failures) {
        double ceiling = Math.min(maxNanos, firstNanos * Math.pow(2, Math.max(0, failures)));
        return Duration.ofNanos((long) (ceiling / 2 + ceiling / 2 * random.getAsDouble()));
    }
}
