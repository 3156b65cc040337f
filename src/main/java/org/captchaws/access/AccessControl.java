package org.captchaws.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import org.captchaws.config.AccessSettings;

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
}
