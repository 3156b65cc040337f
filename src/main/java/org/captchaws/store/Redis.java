package org.captchaws.store;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Redis server under one key prefix, as the {@link RedisChallengeStore} and the
 * {@link RedisSendCounter} share it: a pool of connections, and the one place that turns a
 * Redis failure into a {@link StoreUnavailableException}, logged once here.
 *
 * <p>Scripts go out with EVAL rather than EVALSHA: they are a few hundred bytes, Redis caches
 * them by digest anyway, and there is no NOSCRIPT fallback to get wrong after a Redis restart
 * or failover. Pooled connections are checked (PING) before use, so after Redis comes back no
 * request meets a dead connection left from before: the store recovers by itself, and at once.
 */
public final class Redis implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Redis.class.getName());
    static final int MAX_CONNECTIONS = 32;

    private static final int SCAN_BATCH = 1000;

    private final RedisClient client;
    private final String keyPrefix;
    private final Runnable onFailure;

    public Redis(String uri, Duration timeout, String keyPrefix) {
        this(uri, timeout, keyPrefix, () -> { });
    }

    /**
     * @param uri       {@code redis://[[user]:password@]host:port[/db]}
     * @param timeout   how long to wait for a connection, a free pooled one, or a reply
     * @param keyPrefix put before every key so that several applications can share one Redis;
     *                  without '{', which would take over the send keys' hash tag
     * @param onFailure told of each call for a request that failed (for the metrics); not of
     *                  {@link #ping} and {@link #count}, whose callers report their own outcome
     */
    public Redis(String uri, Duration timeout, String keyPrefix, Runnable onFailure) {
        if (keyPrefix.contains("{")) {
            throw new IllegalArgumentException(
                    "Redis key prefix must not contain '{': " + keyPrefix);
        }
        URI parsed = URI.create(uri);
        // rediss:// (TLS) is refused rather than quietly served in plain text.
        if (!JedisURIHelper.isValid(parsed) || !JedisURIHelper.isRedisScheme(parsed)) {
            throw new IllegalArgumentException("Not a redis:// URI: " + uri);
        }
        int millis = Math.toIntExact(timeout.toMillis());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .user(JedisURIHelper.getUser(parsed))
                .password(JedisURIHelper.getPassword(parsed));
        if (JedisURIHelper.hasDbIndex(parsed)) {
            config.database(JedisURIHelper.getDBIndex(parsed));
        }
        // The pool's default is to wait for a free connection forever.
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxWait(timeout);
        // Every worker thread may need a connection at once: the default executor's and the
        // SMS pool's 16; the default of 8 would make busy moments look like an outage.
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setMaxIdle(MAX_CONNECTIONS);
        // One more round trip per call buys that a Redis restart costs no request a 5002.
        pool.setTestOnBorrow(true);
        this.client = RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(parsed))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        this.keyPrefix = keyPrefix;
        this.onFailure = onFailure;
    }

    /** The full key for {@code name}: the prefix, then the name. */
    byte[] key(String name) {
        return bytes(keyPrefix + name);
    }

    /** Runs a script: Redis runs it whole before anything else touches its keys. */
    Object eval(byte[] script, List<byte[]> keys, List<byte[]> args) throws StoreUnavailableException {
        try {
            return client.eval(script, keys, args);
        } catch (JedisException e) {
            throw failed(e);
        }
    }

    /** Deletes a key; true when it was there. */
    boolean delete(byte[] key) throws StoreUnavailableException {
        try {
            return client.del(key) == 1;
        } catch (JedisException e) {
            throw failed(e);
        }
    }

    /** Whether Redis answers PING, within the timeout. */
    void ping() throws StoreUnavailableException {
        try {
            client.ping();
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /**
     * How many keys under the prefix start with {@code name}: a SCAN of the whole keyspace, in
     * batches, so it costs a round trip per thousand keys of the database and blocks no one.
     */
    long count(String name) throws StoreUnavailableException {
        ScanParams match = new ScanParams().match(literalPrefix(keyPrefix + name)).count(SCAN_BATCH);
        long found = 0;
        try {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> batch = client.scan(cursor, match);
                found += batch.getResult().size();
                cursor = batch.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        } catch (JedisException e) {
            throw unavailable(e);
        }
        return found;
    }

    @Override
    public void close() {
        client.close();
    }

    // Whatever Redis could not do, the request cannot do without it.
    private StoreUnavailableException failed(JedisException e) {
        LOG.log(Level.WARNING, "Redis failed: {0}", e.toString());
        onFailure.run();
        return new StoreUnavailableException(e);
    }

    // Not logged: a readiness probe every few seconds would repeat what its answer says.
    private static StoreUnavailableException unavailable(JedisException e) {
        return new StoreUnavailableException(e);
    }

    /** A key pattern that matches {@code text} literally, then anything. */
    static String literalPrefix(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
    }

    static byte[] number(long value) {
        return bytes(Long.toString(value));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
