package org.captchaws.operations;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.captchaws.access.AccessControl;
import org.captchaws.access.Verdict;
import org.captchaws.metrics.Metrics;

import java.io.IOException;

/**
 * {@code /metrics} in Prometheus's text format, behind the WebSocket's own boundary: the same
 * keys ({@code Authorization: Bearer}) and networks, loopback only without keys; refused as a
 * handshake is, with 401 or 403. Rates and refusals tell an attacker how well an attack goes.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {

    @Inject
    AccessControl access;

    @Inject
    Metrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Verdict verdict = access.check(request);
        if (verdict != Verdict.ALLOWED) {
            AccessControl.refuse(response, verdict);
            return;
        }
        response.setContentType(metrics.contentType());
        response.setHeader("Cache-Control", "no-store");
        metrics.writeTo(response.getOutputStream());
    }
}
