package org.captchaws.store;

import org.captchaws.failure.CaptchaException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.captchaws.store.Redis.bytes;
import static org.captchaws.store.Redis.number;

/**
 * A {@link SendCounter} in Redis, shared by every service instance that points at the same
 * server and key prefix. Each operation is one Lua script, so it is atomic across instances.
 *
 * <p>The limits are counted in fixed windows: an hour's or a day's window starts at the first
 * counted send and lasts its full length, however many sends follow. The three keys of one
 * phone share the hash tag {@code {phone}}, so the scripts also run on Redis Cluster.
 */
public final class RedisSendCounter implements SendCounter {

    private static final Duration HOUR_WINDOW = Duration.ofHours(1);
    private static final Duration DAY_WINDOW = Duration.ofDays(1);

    /** Returns nothing when the send is counted, else the {@link SendRefusal} of the first limit it breaks. */
    private static final byte[] RESERVE = bytes("""
            local interval = tonumber(ARGV[1])
            if interval > 0 and redis.call('EXISTS', KEYS[1]) == 1 then return 'TOO_FREQUENT' end
            if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2]) then return 'HOURLY_LIMIT' end
            if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then return 'DAILY_LIMIT' end
            if interval > 0 then redis.call('SET', KEYS[1], '1', 'PX', interval) end
            if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
            if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[5]) end
            return false
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

    private final Redis redis;

    public RedisSendCounter(Redis redis) {
        this.redis = redis;
    }

    @Override
    public SendOutcome reserve(String phone, SendLimits limits) throws CaptchaException {
        byte[] refusal = (byte[]) redis.eval(RESERVE, sendKeys(phone), List.of(
                number(limits.minInterval().toMillis()),
                number(limits.perHour()),
                number(limits.perDay()),
                number(HOUR_WINDOW.toMillis()),
                number(DAY_WINDOW.toMillis())));
        if (refusal != null) {
            return SendRefusal.valueOf(new String(refusal, StandardCharsets.UTF_8));
        }
        return new SendReservation(phone, Instant.now());
    }

    @Override
    public void release(SendReservation reservation) throws CaptchaException {
        redis.eval(RELEASE, sendKeys(reservation.phone()), List.of());
    }

    /** The interval key, the hour counter and the day counter, in the order the scripts use. */
    private List<byte[]> sendKeys(String phone) {
        String base = "send:{" + phone + "}:";
        return List.of(redis.key(base + "interval"), redis.key(base + "hour"), redis.key(base + "day"));
    }
}
