package org.captchaws.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Races one task against itself, to show what stays atomic under concurrency. */
public final class Concurrently {

    /** A task that knows which of the racers it is, e.g. to use its own phone or id. */
    @FunctionalInterface
    public interface Racer<T> {
        T call(int index) throws Exception;
    }

    private Concurrently() {
    }

    /**
     * Runs {@code task} on {@code count} threads released at the same moment and returns their
     * results; fails if they are not all done within {@code limitSeconds}.
     */
    public static <T> List<T> run(int count, long limitSeconds, Callable<T> task) throws Exception {
        return run(count, limitSeconds, index -> task.call());
    }

    /** As {@link #run(int, long, Callable)}, the racers numbered from 0; results in that order. */
    public static <T> List<T> run(int count, long limitSeconds, Racer<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call(index);
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                long left = Math.max(0, deadline - System.nanoTime());
                results.add(future.get(left, TimeUnit.NANOSECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
