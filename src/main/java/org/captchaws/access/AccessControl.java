package org.captchaws.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.captchaws.config.AccessSettings;

import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * The handshake rules built from the settings once, at deployment: a setting that cannot be
 * read stops the deployment, so a mistyped key or network never leaves the service open.
 */
@ApplicationScoped
public class AccessControl {

    private static final Logger LOG = Logger.getLogger(AccessControl.class.getName());

    @Inject
    AccessSettings settings;

    private HandshakeRules rules;

    @PostConstruct
    void build() {
        ApiKeys keys = ApiKeys.parse(settings.keys().orElse(null));
        List<Cidr> networks = Cidr.parseList(settings.allowedNetworks().orElse(null));
        Origins origins = Origins.parse(settings.allowedOrigins().orElse(null));
        if (settings.maxConnections() < 1) {
            throw new IllegalArgumentException("captcha.ws.max-connections must be at least 1");
        }
        rules = new HandshakeRules(keys, networks, origins);
        if (keys.isEmpty()) {
            LOG.warning("captcha.auth.keys is not set: only loopback clients (without Forwarded or X-Forwarded-For) "
                    + "may connect to the WebSocket endpoint. Set API keys to serve other hosts.");
        } else {
            LOG.info("WebSocket handshakes need one of " + keys.size() + " API keys (SHA-256 fingerprints "
                    + String.join(", ", keys.fingerprints()) + ")");
        }
        if (!networks.isEmpty()) {
            LOG.info("WebSocket clients allowed from " + networks);
        }
    }

    /** Builds the rules at deployment rather than at the first handshake, so bad settings fail it. */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        // Observing is enough: the container creates the bean for it, and build() runs.
    }

    public Verdict check(Handshake handshake) {
        return rules.check(handshake);
    }

    /**
     * The rules applied to an HTTP request as they are to a handshake: a WebSocket upgrade, or a
     * plain request to what sits behind the same boundary (the metrics).
     */
    public Verdict check(HttpServletRequest request) {
        return check(HandshakeFilter.handshake(request));
    }

    /** Answers a refused request: the verdict's status and reason, and the challenge a 401 needs. */
    public static void refuse(HttpServletResponse response, Verdict verdict) throws IOException {
        if (verdict == Verdict.NO_VALID_KEY) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatus(verdict.status());
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(verdict.reason() + "\n");
    }
}
