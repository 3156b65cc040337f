package org.captchaws.protocol;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends replies to one session one at a time: replies finish on executor threads in any order,
 * and {@code RemoteEndpoint.Basic} forbids overlapping sends.
 */
final class ReplySender {

    private static final Logger LOG = Logger.getLogger(ReplySender.class.getName());

    private final Session session;
    private final Lock lock = new ReentrantLock();

    ReplySender(Session session) {
        this.session = session;
    }

    void send(Reply reply) {
        lock.lock();
        try {
            if (session.isOpen()) {
                session.getBasicRemote().sendObject(reply);
            }
        } catch (IOException | EncodeException e) {
            // The client went away mid-send; nothing is left to tell it.
            LOG.log(Level.FINE, "Reply to session " + session.getId() + " not delivered", e);
        } finally {
            lock.unlock();
        }
    }
}
