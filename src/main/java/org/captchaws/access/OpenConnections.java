package org.captchaws.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.captchaws.config.AccessSettings;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open WebSocket sessions of this deployment, against {@code captcha.ws.max-connections}.
 * The endpoint counts a session when it opens and when it closes; the handshake filter refuses
 * new handshakes while the count is at the limit. Handshakes that pass the check at the same
 * moment all open, so the count can exceed the limit by at most the number of handshakes in
 * flight at once (bounded by the server's worker threads), and falls back below it as they close.
 */
@ApplicationScoped
public class OpenConnections {

    private final AtomicInteger open = new AtomicInteger();

    @Inject
    AccessSettings settings;

    public boolean atLimit() {
        return open.get() >= settings.maxConnections();
    }

    public void opened() {
        open.incrementAndGet();
    }

    public void closed() {
        open.decrementAndGet();
    }

    public int count() {
        return open.get();
    }
}
