package org.captchaws.protocol;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Caps how many tasks may wait or run on an executor at once; beyond the cap a task is
 * rejected at once (the client hears "busy") instead of queueing without end.
 */
public final class BoundedExecutor implements Executor {

    private final Executor delegate;
    private final Semaphore slots;

    public BoundedExecutor(Executor delegate, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive, was " + maxPending);
        }
        this.delegate = delegate;
        this.slots = new Semaphore(maxPending);
    }

    @Override
    public void execute(Runnable task) {
        if (!slots.tryAcquire()) {
            throw new RejectedExecutionException("more than the allowed tasks pending");
        }
        try {
            delegate.execute(() -> {
                try {
                    task.run();
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }
}
