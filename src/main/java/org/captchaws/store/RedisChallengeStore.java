package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link ChallengeStore} in Redis, shared by every service instance that points at the same
 * server and key prefix.
 *
 * <p>Each operation is one command or one Lua script, so Redis runs it whole before anything
 * else touches its keys: that is what makes it atomic across instances. Scripts go out with
 * EVAL rather than EVALSHA: they are a few hundred bytes, Redis caches them by digest anyway,
 * and there is no NOSCRIPT fallback to get wrong after a Redis restart or failover.
 *
 * <p>A challenge is a hash of its MAC (raw bytes) and an attempt counter, with the challenge's
 * TTL. The SMS limits are counted in fixed windows: an hour's or a day's window starts at the
 * first counted send and lasts its full length, however many sends follow. The three keys of
 * one phone share the hash tag {@code {phone}}, so the scripts also run on Redis Cluster.
 *
 * <p>Every Redis failure becomes a {@link StoreUnavailableException}, logged once here. Pooled
 * connections are checked (PING) before use, so after Redis comes back no request meets a dead
 * connection left from before: the store recovers by itself, and at once.
 */
public class RedisChallengeStore implements ChallengeStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisChallengeStore.class.getName());
    private static final Duration HOUR_WINDOW = Duration.ofHours(1);
    private static final Duration DAY_WINDOW = Duration.ofDays(1);

    // Both fields are written, so a new code replaces the old one and its attempts start over.
    private static final byte[] PUT = bytes("""
            redis.call('HSET', KEYS[1], 'mac', ARGV[1], 'n', 0)
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            """);

    // EXISTS first: HINCRBY alone would create a challenge that is not there.
    private static final byte[] ATTEMPT = bytes("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return false end
            local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
            return {n, redis.call('HGET', KEYS[1], 'mac')}
            """);

    /**
     * Returns 0 when the send is counted, else the {@link ErrorCode} number of the first limit it
     * breaks. Refusals count nothing, so a phone that keeps trying is not locked out for longer.
     */
    private static final byte[] RESERVE = bytes("""
            local interval = tonumber(ARGV[1])
            if interval > 0 and redis.call('EXISTS', KEYS[1]) == 1 then return 1023 end
            if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2]) then return 1024 end
            if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then return 1025 end
            if interval > 0 then redis.call('SET', KEYS[1], '1', 'PX', interval) end
            if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
            if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[5]) end
            return 0
            """);

    // A counter that has expired stays gone: DECR would bring it back without a TTL.
    private static final byte[] RELEASE = bytes("""
            redis.call('DEL', KEYS[1])
            for i = 2, 3 do
              local n = tonumber(redis.call('GET', KEYS[i]))
              if n and n > 0 then redis.call('DECR', KEYS[i]) end
            end
            return 0
            """);

    private final RedisClient redis;
    private static final int MAX_CONNECTIONS = 32;

    private final String keyPrefix;

    /**
     * @param uri       {@code redis://[[user]:password@]host:port[/db]}
     * @param timeout   how long to wait for a connection, a free pooled one, or a reply
     * @param keyPrefix put before every key so that several applications can share one Redis;
     *                  without '{', which would take over the per-phone hash tag
     */
    public RedisChallengeStore(String uri, Duration timeout, String keyPrefix) {
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
        this.redis = RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(parsed))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        this.keyPrefix = keyPrefix;
    }

    @Override
    public void put(String key, byte[] answerMac, Duration ttl) throws CaptchaException {
        // PEXPIRE with 0 would delete the challenge as soon as it is stored.
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("Challenge TTL must be at least 1 ms: " + ttl);
        }
        eval(PUT, List.of(challengeKey(key)), List.of(answerMac, number(ttl.toMillis())));
    }

    @Override
    public Optional<Attempt> attempt(String key) throws CaptchaException {
        List<?> reply = (List<?>) eval(ATTEMPT, List.of(challengeKey(key)), List.of());
        if (reply == null) {
            return Optional.empty();
        }
        int number = Math.toIntExact((Long) reply.get(0));
        return Optional.of(new Attempt((byte[]) reply.get(1), number));
    }

    @Override
    public boolean remove(String key) throws CaptchaException {
        try {
            return redis.del(challengeKey(key)) == 1;
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public SendReservation reserveSend(String phone, SendLimits limits) throws CaptchaException {
        long refusal = (Long) eval(RESERVE, sendKeys(phone), List.of(
                number(limits.minInterval().toMillis()),
                number(limits.perHour()),
                number(limits.perDay()),
                number(HOUR_WINDOW.toMillis()),
                number(DAY_WINDOW.toMillis())));
        if (refusal != 0) {
            throw new CaptchaException(refusalError(refusal));
        }
        return new SendReservation(phone, Instant.now());
    }

    @Override
    public void releaseSend(SendReservation reservation) throws CaptchaException {
        eval(RELEASE, sendKeys(reservation.phone()), List.of());
    }

    @Override
    public void close() {
        redis.close();
    }

    private Object eval(byte[] script, List<byte[]> keys, List<byte[]> args)
            throws StoreUnavailableException {
        try {
            return redis.eval(script, keys, args);
        } catch (JedisException e) {
            // Whatever Redis could not do, the request cannot do without it.
            throw unavailable(e);
        }
    }

    private static StoreUnavailableException unavailable(JedisException e) {
        LOG.log(Level.WARNING, "Redis failed: {0}", e.toString());
        return new StoreUnavailableException(e);
    }

    private byte[] challengeKey(String key) {
        return bytes(keyPrefix + "challenge:" + key);
    }

    /** The interval key, the hour counter and the day counter, in the order the scripts use. */
    private List<byte[]> sendKeys(String phone) {
        String base = keyPrefix + "send:{" + phone + "}:";
        return List.of(bytes(base + "interval"), bytes(base + "hour"), bytes(base + "day"));
    }

    private static ErrorCode refusalError(long code) {
        for (ErrorCode error : List.of(ErrorCode.SMS_TOO_FREQUENT, ErrorCode.SMS_HOURLY_LIMIT,
                ErrorCode.SMS_DAILY_LIMIT)) {
            if (error.code() == code) {
                return error;
            }
        }
        throw new IllegalStateException("Unexpected reply from the send limit script: " + code);
    }

    private static byte[] number(long value) {
        return bytes(Long.toString(value));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
