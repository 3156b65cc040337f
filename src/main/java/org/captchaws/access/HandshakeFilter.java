package org.captchaws.access;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.captchaws.metrics.Metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides every WebSocket handshake before the container upgrades it, so a refused client never
 * gets a session: an HTTP 401, 403 or 503 instead of the 101.
 *
 * <p>A filter runs before the upgrade on both servers: Undertow's {@code JsrWebSocketFilter} and
 * Tyrus's {@code TyrusServletFilter} are registered with {@code isMatchAfter=true}, after the
 * application's own filters. Mapped to every path and applied to every request that asks for an
 * upgrade, whatever its path, so no spelling of the endpoint's path slips past. Other requests
 * (the page, the images) pass untouched.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(HandshakeFilter.class.getName());
    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP");

    @Inject
    AccessControl access;

    @Inject
    OpenConnections connections;

    @Inject
    Metrics metrics;

    @Override
    public void init() {
        for (Verdict verdict : Verdict.values()) {
            if (verdict != Verdict.ALLOWED) {
                metrics.expectRefusal(verdict);
            }
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // Both servers upgrade only a request with Sec-WebSocket-Key (Undertow's Hybi handshakes
        // and Tyrus's TyrusServletUpgrade check it); others, such as HTTP/2's Upgrade: h2c, pass.
        if (request.getHeader("Sec-WebSocket-Key") == null) {
            chain.doFilter(request, response);
            return;
        }
        Verdict verdict = access.check(request);
        if (verdict == Verdict.ALLOWED && connections.atLimit()) {
            verdict = Verdict.TOO_MANY_CONNECTIONS;
        }
        if (verdict == Verdict.ALLOWED) {
            chain.doFilter(request, response);
            return;
        }
        // Never the key: only who asked and why they were refused.
        LOG.log(Level.FINE, "WebSocket handshake from {0} refused: {1}", new Object[]{request.getRemoteAddr(), verdict});
        metrics.handshakeRefused(verdict);
        AccessControl.refuse(response, verdict);
    }

    static Handshake handshake(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        List<String> subprotocols = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))) {
            for (String protocol : header.split(",")) {
                if (!protocol.isBlank()) {
                    subprotocols.add(protocol.strip());
                }
            }
        }
        boolean forwarded = FORWARDING_HEADERS.stream().anyMatch(name -> request.getHeader(name) != null);
        // Protocol versions 7 and 8 named the header Sec-WebSocket-Origin; Undertow still speaks them.
        String origin = request.getHeader("Origin");
        if (origin == null) {
            origin = request.getHeader("Sec-WebSocket-Origin");
        }
        return new Handshake(Cidr.parseAddress(request.getRemoteAddr()), origin,
                Origins.of(request.getScheme(), host), request.getHeader("Authorization"), subprotocols, forwarded);
    }
}
