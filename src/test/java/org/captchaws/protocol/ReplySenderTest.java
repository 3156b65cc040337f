package org.captchaws.protocol;

import jakarta.json.Json;
import jakarta.websocket.CloseReason;
import org.captchaws.failure.ErrorCode;
import org.captchaws.testing.FakeSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replies to one session, one at a time, each within a bounded wait. */
class ReplySenderTest {

    private final FakeSession client = new FakeSession();
    private final ReplySender sender = new ReplySender(client.session());
    private final Reply reply = Reply.failure(Json.createValue(1), ErrorCode.BUSY);

    @Test
    void aReplyGoesToAnOpenSession() {
        sender.send(reply);

        assertEquals(List.of(reply), client.sent());
        assertEquals(List.of(), client.closes());
    }

    @Test
    void nothingIsSentToASessionThatHasClosed() {
        client.open(false);

        sender.send(reply);

        assertEquals(List.of(), client.sent());
    }

    @Test
    void aClientThatDoesNotReadWithinThirtySecondsIsDisconnectedWith1008() {
        long[] waited = new long[1];
        client.sending(object -> new PendingSend() {
            @Override
            public Void get(long timeout, TimeUnit unit) throws TimeoutException {
                waited[0] = unit.toSeconds(timeout);
                throw new TimeoutException();
            }
        });

        sender.send(reply);

        assertEquals(30, waited[0], "seconds waited for the send");
        assertEquals(1, client.closes().size());
        CloseReason reason = client.closes().get(0);
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, reason.getCloseCode());
        assertEquals("replies not read", reason.getReasonPhrase());
    }

    @Test
    void aSendThatFailsIsDroppedAndTheNextOneStillGoes() throws Exception {
        client.sending(object -> CompletableFuture.failedFuture(new IOException("connection reset")));
        sender.send(reply);
        client.sending(object -> CompletableFuture.completedFuture(null));

        Reply next = Reply.failure(Json.createValue(2), ErrorCode.BUSY);
        CompletableFuture.runAsync(() -> sender.send(next)).get(5, TimeUnit.SECONDS);

        assertEquals(List.of(reply, next), client.sent());
        assertEquals(List.of(), client.closes(), "a failed send does not close");
    }

    @Test
    void anInterruptedSendKeepsTheInterruptAndReleasesTheSession() throws Exception {
        client.sending(object -> new PendingSend() {
            @Override
            public Void get(long timeout, TimeUnit unit) throws InterruptedException {
                throw new InterruptedException();
            }
        });

        sender.send(reply);
        boolean interrupted = Thread.interrupted();

        assertTrue(interrupted, "the thread's interrupt is restored");
        client.sending(object -> CompletableFuture.completedFuture(null));
        CompletableFuture.runAsync(() -> sender.send(reply)).get(5, TimeUnit.SECONDS);
        assertEquals(2, client.sent().size());
    }

    @Test
    void aSecondReplyWaitsUntilTheFirstHasGone() throws Exception {
        CompletableFuture<Void> firstDelivered = new CompletableFuture<>();
        CountDownLatch firstSending = new CountDownLatch(1);
        CountDownLatch secondSending = new CountDownLatch(1);
        client.sending(object -> {
            if (firstSending.getCount() > 0) {
                firstSending.countDown();
                return firstDelivered;
            }
            secondSending.countDown();
            return CompletableFuture.completedFuture(null);
        });

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> sender.send(reply));
        assertTrue(firstSending.await(5, TimeUnit.SECONDS));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> sender.send(reply));

        assertFalse(secondSending.await(300, TimeUnit.MILLISECONDS), "a second send overlapped the first");
        firstDelivered.complete(null);
        assertTrue(secondSending.await(5, TimeUnit.SECONDS), "the second reply went once the first had");
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closeSaysWhyAndAFailureToCloseIsNotThrown() {
        client.failClosing(new IOException("already gone"));
        CloseReason why = new CloseReason(CloseReason.CloseCodes.TOO_BIG, "too big");

        sender.close(why);

        assertEquals(List.of(why), client.closes());
    }

    /** A send whose {@code get} a test defines; the rest of Future is never asked. */
    private abstract static class PendingSend implements Future<Void> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isCancelled() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isDone() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Void get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public abstract Void get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException;
    }
}
