package org.captchaws.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BoundedExecutorTest {

    /** Holds tasks until the test runs them, like a pool whose threads are all busy. */
    private final List<Runnable> queued = new ArrayList<>();
    private final BoundedExecutor executor = new BoundedExecutor(queued::add, 2);

    @Test
    void rejectsBeyondTheCapUntilATaskFinishes() {
        executor.execute(() -> { });
        executor.execute(() -> { });

        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));

        queued.remove(0).run();
        assertDoesNotThrow(() -> executor.execute(() -> { }));
    }

    @Test
    void aFailingTaskStillFreesItsSlot() {
        executor.execute(() -> {
            throw new IllegalStateException("task failed");
        });
        executor.execute(() -> { });

        assertThrows(IllegalStateException.class, () -> queued.remove(0).run());

        assertDoesNotThrow(() -> executor.execute(() -> { }));
        assertEquals(2, queued.size());
    }

    /** The delegate refuses once, then takes tasks: only a freed slot lets the second one through. */
    @Test
    void aRejectionByTheDelegateFreesTheSlot() {
        boolean[] refuseNext = {true};
        BoundedExecutor refusingOnce = new BoundedExecutor(task -> {
            if (refuseNext[0]) {
                refuseNext[0] = false;
                throw new RejectedExecutionException("pool shut down");
            }
            queued.add(task);
        }, 1);

        RejectedExecutionException refused =
                assertThrows(RejectedExecutionException.class, () -> refusingOnce.execute(() -> { }));
        assertEquals("pool shut down", refused.getMessage(), "the delegate's refusal, passed on");

        assertDoesNotThrow(() -> refusingOnce.execute(() -> { }));
        assertEquals(1, queued.size());
    }
}
