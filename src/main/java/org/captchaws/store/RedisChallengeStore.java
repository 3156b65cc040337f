package org.captchaws.store;

import org.captchaws.failure.CaptchaException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.captchaws.store.Redis.bytes;
import static org.captchaws.store.Redis.number;

/**
 * A {@link ChallengeStore} in Redis, shared by every service instance that points at the same
 * server and key prefix.
 *
 * <p>Each operation is one command or one Lua script, so Redis runs it whole before anything
 * else touches its keys: that is what makes it atomic across instances. A challenge is a hash
 * of its MAC (raw bytes) and an attempt counter, with the challenge's TTL.
 */
public final class RedisChallengeStore implements ChallengeStore {

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

    private static final String CHALLENGE = "challenge:";

    private final Redis redis;

    public RedisChallengeStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public void put(String key, byte[] answerMac, Duration ttl) throws CaptchaException {
        // PEXPIRE with 0 would delete the challenge as soon as it is stored.
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("Challenge TTL must be at least 1 ms: " + ttl);
        }
        redis.eval(PUT, List.of(challengeKey(key)), List.of(answerMac, number(ttl.toMillis())));
    }

    @Override
    public Optional<Attempt> attempt(String key) throws CaptchaException {
        List<?> reply = (List<?>) redis.eval(ATTEMPT, List.of(challengeKey(key)), List.of());
        if (reply == null) {
            return Optional.empty();
        }
        int number = Math.toIntExact((Long) reply.get(0));
        return Optional.of(new Attempt((byte[]) reply.get(1), number));
    }

    @Override
    public boolean remove(String key) throws CaptchaException {
        return redis.delete(challengeKey(key));
    }

    /** Redis drops expired keys by itself (and SCAN skips them), so the keys found are the live challenges. */
    @Override
    public long count() throws CaptchaException {
        return redis.count(CHALLENGE);
    }

    private byte[] challengeKey(String key) {
        return redis.key(CHALLENGE + key);
    }
}
