package org.captchaws.store;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the store takes from its URI, and what it refuses to start with. */
class RedisUriIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] MAC = "mac".getBytes(StandardCharsets.UTF_8);

    @Test
    void databaseIndexAndPasswordComeFromTheUri() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            try (RedisClient admin = RedisClient.create("127.0.0.1", server.port())) {
                admin.configSet("requirepass", "s3cret");
            }
            String uri = "redis://:s3cret@127.0.0.1:" + server.port() + "/3";
            try (Redis redis = new Redis(uri, TIMEOUT, "captcha:");
                 RedisClient db3 = RedisClient.builder()
                         .hostAndPort("127.0.0.1", server.port())
                         .clientConfig(DefaultJedisClientConfig.builder()
                                 .password("s3cret").database(3).build())
                         .build()) {
                new RedisChallengeStore(redis).put("img:1", MAC, Duration.ofMinutes(1));

                assertEquals(Set.of("captcha:challenge:img:1"), db3.keys("*"));
            }
        }
    }

    @Test
    void aWrongPasswordMakesTheStoreUnavailable() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            try (RedisClient admin = RedisClient.create("127.0.0.1", server.port())) {
                admin.configSet("requirepass", "s3cret");
            }
            String uri = "redis://:wrong@127.0.0.1:" + server.port();
            try (Redis redis = new Redis(uri, TIMEOUT, "captcha:")) {
                ChallengeStore store = new RedisChallengeStore(redis);
                assertEquals(5002, assertThrows(StoreUnavailableException.class,
                        () -> store.attempt("img:1")).code());
            }
        }
    }

    @Test
    void refusesWhatItCannotServeAsAsked() {
        assertThrows(IllegalArgumentException.class,
                () -> new Redis("rediss://127.0.0.1:6379", TIMEOUT, "captcha:"));
        assertThrows(IllegalArgumentException.class,
                () -> new Redis("http://127.0.0.1:6379", TIMEOUT, "captcha:"));
        assertThrows(IllegalArgumentException.class,
                () -> new Redis("redis://127.0.0.1:6379", TIMEOUT, "{captcha}:"));
    }
}
