package org.captchaws.client;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The requests waiting for their replies, by id. Ids are unique within a client (a counter
 * behind a random prefix, so that two clients' ids differ in the service's log too); a reply
 * goes to the request with its id and to no other, and a reply for an id no longer waiting (it
 * timed out) is dropped.
 */
final class PendingRequests {

    private static final SecureRandom PREFIXES = new SecureRandom();

    /** One request: its id, the future its reply completes, and where it was sent. */
    static final class Pending {
        final String id;
        final CompletableFuture<Wire.Reply> reply = new CompletableFuture<>();
        /** The connection the request was written to; null while it waits for one. */
        volatile Object sentOn;
        volatile Future<?> timeout;

        Pending(String id) {
            this.id = id;
        }

        boolean isDone() {
            return reply.isDone();
        }
    }

    private final String prefix = Long.toString(PREFIXES.nextLong() & Long.MAX_VALUE, 36);
    private final AtomicLong counter = new AtomicLong();
    private final ConcurrentMap<String, Pending> waiting = new ConcurrentHashMap<>();

    /** A new request with a fresh id, waiting from now on. */
    Pending open() {
        Pending pending = new Pending(prefix + "-" + counter.incrementAndGet());
        waiting.put(pending.id, pending);
        return pending;
    }

    /** Hands a reply to its request; false when no request waits for its id. */
    boolean complete(Wire.Reply reply) {
        Pending pending = reply.id() == null ? null : waiting.remove(reply.id());
        if (pending == null) {
            return false;
        }
        cancelTimeout(pending);
        return pending.reply.complete(reply);
    }

    /** Fails a request that still waits; false when it no longer does. */
    boolean fail(String id, CaptchaServiceException failure) {
        Pending pending = waiting.remove(id);
        if (pending == null) {
            return false;
        }
        cancelTimeout(pending);
        return pending.reply.completeExceptionally(failure);
    }

    /** Fails every request written to a connection that was lost: their replies will never come. */
    void failSentOn(Object connection, Function<String, CaptchaServiceException> failure) {
        for (Pending pending : waiting.values()) {
            if (pending.sentOn == connection) {
                fail(pending.id, failure.apply(pending.id));
            }
        }
    }

    void failAll(Function<String, CaptchaServiceException> failure) {
        for (String id : waiting.keySet()) {
            fail(id, failure.apply(id));
        }
    }

    int size() {
        return waiting.size();
    }

    private static void cancelTimeout(Pending pending) {
        Future<?> timeout = pending.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
