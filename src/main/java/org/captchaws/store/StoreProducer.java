package org.captchaws.store;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.captchaws.config.StoreSettings;
import org.captchaws.metrics.Metrics;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Makes the configured stores (challenges and send counts), and the verification built on
 * them, for the whole application.
 */
@ApplicationScoped
public class StoreProducer {

    private static final Logger LOG = Logger.getLogger(StoreProducer.class.getName());

    @Inject
    StoreSettings settings;

    @Inject
    Metrics metrics;

    /** Set when the state lives on Redis: the challenges and the send counts share its pool. */
    private Redis redis;

    @PostConstruct
    void connect() {
        switch (settings.store()) {
            case "memory" -> {
            }
            case "redis" -> {
                LOG.info("Verification state is kept on Redis (captcha.redis.uri)");
                redis = new Redis(settings.redisUri(), settings.redisTimeout(), settings.redisKeyPrefix(),
                        metrics::storeError);
            }
            default -> throw new IllegalArgumentException(
                    "captcha.store must be 'memory' or 'redis', was '" + settings.store() + "'");
        }
    }

    /** {@code memory} or {@code redis}: where the verification state lives. */
    public String kind() {
        return settings.store();
    }

    /**
     * Whether the store answers, within its timeout: Redis must answer PING; memory always does.
     *
     * @throws StoreUnavailableException when it does not
     */
    public void ping() throws StoreUnavailableException {
        if (redis != null) {
            redis.ping();
        }
    }

    @PreDestroy
    void disconnect() {
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * Singleton, not application-scoped: made when the first bean that needs it is, at deployment,
     * rather than by the first request. A memory store allocates its arrays then, and a capacity
     * the heap cannot hold fails the deployment.
     */
    @Produces
    @Singleton
    ChallengeStore store() {
        return redis == null
                ? new MemoryChallengeStore(Clock.systemUTC(), settings.memoryCapacity(), settings.memoryMinLifetime())
                : new RedisChallengeStore(redis);
    }

    @Produces
    @ApplicationScoped
    SendCounter sendCounter() {
        return redis == null ? new MemorySendCounter(Clock.systemUTC()) : new RedisSendCounter(redis);
    }

    /** Singleton, not application-scoped: a final class needs no client proxy. */
    @Produces
    @Singleton
    Challenges challenges(ChallengeStore store) {
        byte[] secret = settings.secret()
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    if (!"memory".equals(settings.store())) {
                        LOG.warning("captcha.verify.secret is not set: a random one is used, so another instance"
                                + " sharing this store cannot verify what this one issued. Set the same secret on all.");
                    }
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    return random;
                });
        return new Challenges(store, secret, settings.ttl(), settings.maxAttempts());
    }
}
