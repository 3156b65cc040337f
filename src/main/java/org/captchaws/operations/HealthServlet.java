package org.captchaws.operations;

import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /health/live} and {@code /health/ready}: 200 when UP, 503 when DOWN, for a load
 * balancer or an orchestrator. Public, as probes carry no key; the answers say nothing secret.
 * The application's own, not the server's health subsystem, so both servers answer alike.
 */
@WebServlet(urlPatterns = {HealthServlet.LIVE, HealthServlet.READY})
public class HealthServlet extends HttpServlet {

    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    @Inject
    HealthChecks checks;

    @Inject
    Jsonb jsonb;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Health health = LIVE.equals(request.getServletPath()) ? checks.live() : checks.ready();
        response.setStatus(health.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(jsonb.toJson(health));
    }
}
