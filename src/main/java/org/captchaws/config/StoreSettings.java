package org.captchaws.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/** Verification and the store behind it: memory for one instance, Redis for several. */
@ApplicationScoped
public class StoreSettings {

    /** {@code memory} (one instance) or {@code redis} (state shared by several instances). */
    @Inject
    @ConfigProperty(name = "captcha.store", defaultValue = "memory")
    String store;

    @Inject
    @ConfigProperty(name = "captcha.store.memory.capacity", defaultValue = "1000000")
    int memoryCapacity;

    /** How long a challenge in the memory store is safe from making room for new ones. */
    @Inject
    @ConfigProperty(name = "captcha.store.memory.min-lifetime-seconds", defaultValue = "30")
    int memoryMinLifetimeSeconds;

    @Inject
    @ConfigProperty(name = "captcha.redis.uri", defaultValue = "redis://127.0.0.1:6379")
    String redisUri;

    @Inject
    @ConfigProperty(name = "captcha.redis.timeout-millis", defaultValue = "2000")
    int redisTimeoutMillis;

    @Inject
    @ConfigProperty(name = "captcha.redis.key-prefix", defaultValue = "captcha:")
    String redisKeyPrefix;

    @Inject
    @ConfigProperty(name = "captcha.verify.ttl-seconds", defaultValue = "300")
    int ttlSeconds;

    @Inject
    @ConfigProperty(name = "captcha.verify.max-attempts", defaultValue = "5")
    int maxAttempts;

    /** Keys the answers' HMACs; several instances sharing a store need the same one. */
    @Inject
    @ConfigProperty(name = "captcha.verify.secret")
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = "captcha.cleanup.interval-seconds", defaultValue = "300")
    int cleanupIntervalSeconds;

    public String store() {
        return store;
    }

    public int memoryCapacity() {
        return memoryCapacity;
    }

    public Duration memoryMinLifetime() {
        return Duration.ofSeconds(memoryMinLifetimeSeconds);
    }

    public String redisUri() {
        return redisUri;
    }

    public Duration redisTimeout() {
        return Duration.ofMillis(redisTimeoutMillis);
    }

    public String redisKeyPrefix() {
        return redisKeyPrefix;
    }

    public Duration ttl() {
        return Duration.ofSeconds(ttlSeconds);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Optional<String> secret() {
        return secret;
    }

    public Duration cleanupInterval() {
        return Duration.ofSeconds(cleanupIntervalSeconds);
    }
}
