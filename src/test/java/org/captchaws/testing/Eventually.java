package org.captchaws.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for something the server does on its own schedule (an expiry, a cleanup), checking
 * often and failing after a deadline: no fixed sleeps that guess how long it takes.
 */
public final class Eventually {

    private static final long POLL_MILLIS = 100;

    private Eventually() {
    }

    public static void await(Duration deadline, String what, Callable<Boolean> condition) throws Exception {
        Instant end = Instant.now().plus(deadline);
        while (!condition.call()) {
            if (Instant.now().isAfter(end)) {
                fail("not within " + deadline + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }
}
