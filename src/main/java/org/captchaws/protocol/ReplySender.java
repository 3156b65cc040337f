package org.captchaws.protocol;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends replies to one session one at a time: replies finish on executor threads in any order,
 * and a WebSocket session allows no overlapping sends. Each send waits a bounded time, so a
 * client that stops reading cannot keep a worker thread forever; it is disconnected instead.
 */
final class ReplySender {

    private static final Logger LOG = Logger.getLogger(ReplySender.class.getName());
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Session session;
    private final Lock lock = new ReentrantLock();

    ReplySender(Session session) {
        this.session = session;
    }

    void send(Reply reply) {
        lock.lock();
        try {
            if (session.isOpen()) {
                session.getAsyncRemote().sendObject(reply).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            LOG.log(Level.INFO, "Session {0} did not read its replies for {1} s: closing it",
                    new Object[]{session.getId(), SEND_TIMEOUT_SECONDS});
            close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "replies not read"));
        } catch (ExecutionException e) {
            // The client went away mid-send; nothing is left to tell it.
            LOG.log(Level.FINE, "Reply to session " + session.getId() + " not delivered", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    void close(CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing session " + session.getId() + " failed", e);
        }
    }
}
