package org.captchaws.bench;

import org.captchaws.failure.CaptchaException;
import org.captchaws.store.MemoryChallengeStore;

import java.time.Clock;
import java.time.Duration;

/**
 * How long the memory store takes to make, and its slowest puts while it fills to its capacity:
 * every put over a millisecond, with its number. A put that waits for the store's arrays shows
 * here; so do the collector's pauses, which the server's GC log tells apart.
 *
 * <pre>java -Xms1g -Xmx1g -cp target/classes:target/bench/classes org.captchaws.bench.StorePuts [capacity] [rounds]</pre>
 */
public final class StorePuts {

    private static final long SLOW_NANOS = 1_000_000;

    private StorePuts() {
    }

    public static void main(String[] args) throws CaptchaException {
        int capacity = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        byte[] mac = new byte[32];
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            MemoryChallengeStore store = new MemoryChallengeStore(Clock.systemUTC(), capacity, Duration.ofSeconds(30));
            System.out.printf("round %d: store of %,d made in %.1f ms%n", round, capacity, (System.nanoTime() - start) / 1e6);
            long slowest = 0;
            for (int i = 0; i < capacity; i++) {
                long before = System.nanoTime();
                store.put("img:" + i + "0123456789abcdef0123456789abcdef.png", mac, Duration.ofSeconds(300));
                long took = System.nanoTime() - before;
                slowest = Math.max(slowest, took);
                if (took > SLOW_NANOS) {
                    System.out.printf("  put %,d took %.1f ms%n", i, took / 1e6);
                }
            }
            System.out.printf("round %d: slowest put %.1f ms%n", round, slowest / 1e6);
        }
    }
}
