package org.captchaws.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Who may open a WebSocket connection: API keys, networks, browser origins, and how many
 * connections may be open at once. Lists are comma-separated; an unset list means "none"
 * (keys, origins) or "any network".
 */
@ApplicationScoped
public class AccessSettings {

    /** Secrets: set them in the environment (CAPTCHA_AUTH_KEYS), never in files. */
    @Inject
    @ConfigProperty(name = "captcha.auth.keys")
    Optional<String> keys;

    @Inject
    @ConfigProperty(name = "captcha.auth.allowed-networks")
    Optional<String> allowedNetworks;

    @Inject
    @ConfigProperty(name = "captcha.auth.allowed-origins")
    Optional<String> allowedOrigins;

    @Inject
    @ConfigProperty(name = "captcha.ws.max-connections", defaultValue = "10000")
    int maxConnections;

    public Optional<String> keys() {
        return keys;
    }

    public Optional<String> allowedNetworks() {
        return allowedNetworks;
    }

    public Optional<String> allowedOrigins() {
        return allowedOrigins;
    }

    public int maxConnections() {
        return maxConnections;
    }
}
