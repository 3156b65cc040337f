package org.captchaws.store;

import org.captchaws.config.StoreSettings;
import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import org.captchaws.metrics.Metrics;
import org.captchaws.testing.Configured;
import org.captchaws.testing.RecordingLogHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The stores and the verification made from the settings, in memory; RedisStoresIT has them on Redis. */
class StoreProducerTest {

    static final String SECRET = "a shared secret of enough bytes";

    @Test
    void byDefaultTheStateIsInMemoryAndAlwaysAnswers() throws CaptchaException {
        StoreProducer producer = producer(Map.of());

        assertEquals("memory", producer.kind());
        assertDoesNotThrow(producer::ping);
        Challenges challenges = producer.challenges(producer.store());
        challenges.issue("img:a", "N4Fsx");
        assertDoesNotThrow(() -> challenges.verify("img:a", "N4Fsx"));
        SendCounter sends = producer.sendCounter();
        SendLimits oneAMinute = new SendLimits(Duration.ofMinutes(1), 5, 10);
        assertInstanceOf(SendReservation.class, sends.reserve("+8613711112222", Optional.empty(), oneAMinute));
        assertEquals(SendRefusal.TOO_FREQUENT, sends.reserve("+8613711112222", Optional.empty(), oneAMinute));
    }

    @Test
    void theMemoryStoreHasTheConfiguredCapacity() throws CaptchaException {
        ChallengeStore store = producer(Map.of("captcha.store.memory.capacity", "2",
                "captcha.store.memory.min-lifetime-seconds", "0")).store();
        for (int i = 0; i < 3; i++) {
            store.put("img:" + i, new byte[32], Duration.ofMinutes(5));
        }

        assertEquals(2, store.count());
        assertEquals(Optional.empty(), store.attempt("img:0"), "the oldest made room");
    }

    @Test
    void theMemoryStoreKeepsChallengesForTheConfiguredMinimumLifetime() throws CaptchaException {
        ChallengeStore store = producer(Map.of("captcha.store.memory.capacity", "1",
                "captcha.store.memory.min-lifetime-seconds", "3600")).store();
        store.put("img:0", new byte[32], Duration.ofMinutes(5));

        assertEquals(ErrorCode.BUSY.code(), assertThrows(CaptchaException.class,
                () -> store.put("img:1", new byte[32], Duration.ofMinutes(5))).code());
    }

    @Test
    void verificationHasTheConfiguredTtlAndAttempts() throws CaptchaException {
        StoreProducer producer = producer(Map.of("captcha.verify.ttl-seconds", "90", "captcha.verify.max-attempts", "1"));
        Challenges challenges = producer.challenges(producer.store());
        challenges.issue("img:a", "N4Fsx");

        assertEquals(Duration.ofSeconds(90), challenges.ttl());
        assertEquals(ErrorCode.WRONG_ANSWER.code(),
                assertThrows(CaptchaException.class, () -> challenges.verify("img:a", "wrong")).code());
        assertEquals(ErrorCode.TOO_MANY_ATTEMPTS.code(),
                assertThrows(CaptchaException.class, () -> challenges.verify("img:a", "N4Fsx")).code());
    }

    /** One instance alone needs no shared secret: it says nothing of it. */
    @Test
    void inMemoryARandomSecretIsUsedWithoutAWarning() throws CaptchaException {
        try (RecordingLogHandler log = RecordingLogHandler.attachTo(Logger.getLogger(StoreProducer.class.getName()))) {
            StoreProducer producer = producer(Map.of());
            Challenges challenges = producer.challenges(producer.store());
            challenges.issue("img:a", "N4Fsx");

            assertDoesNotThrow(() -> challenges.verify("img:a", "N4Fsx"));
            assertEquals(0, log.records().size(), () -> log.records().get(0).getMessage());
        }
    }

    @Test
    void refusesAStoreItDoesNotKnow() {
        StoreProducer producer = new StoreProducer();
        producer.settings = Configured.settings(StoreSettings.class, Map.of("captcha.store", "redis-cluster"));
        producer.metrics = new Metrics();

        assertThrows(IllegalArgumentException.class, producer::connect);
    }

    /** A connected producer made from these settings (the caller disconnects one on Redis). */
    static StoreProducer producer(Map<String, String> properties) {
        StoreProducer producer = new StoreProducer();
        producer.settings = Configured.settings(StoreSettings.class, properties);
        producer.metrics = new Metrics();
        producer.connect();
        return producer;
    }
}
