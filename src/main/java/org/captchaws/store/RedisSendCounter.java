package org.captchaws.store;

import org.captchaws.failure.CaptchaException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.captchaws.store.Redis.bytes;
import static org.captchaws.store.Redis.number;

/**
 * A {@link SendCounter} in Redis, shared by every service instance that points at the same
 * server and key prefix. Each operation is one Lua script over all the counts a send is in
 * (the phone's, the client address's, the budget's), so checking every limit and counting the
 * send everywhere is atomic across instances, and a refusal touches nothing.
 *
 * <p>The limits are counted in fixed windows: an hour's or a day's window starts at the first
 * counted send and lasts its full length, however many sends follow. Because one script
 * touches the budget's keys together with a phone's, all the send keys share the hash tag
 * {@code {send}}: on Redis Cluster they live on one slot, where the script can run. Sends are
 * few, so one slot carries them easily.
 */
public final class RedisSendCounter implements SendCounter {

    private static final Duration HOUR_WINDOW = Duration.ofHours(1);
    private static final Duration DAY_WINDOW = Duration.ofDays(1);

    /**
     * KEYS: the phone's interval, hour and day; the total's hour and day; the client address's
     * hour when the request names one. Returns nothing when the send is counted, else the
     * {@link SendRefusal} of the first limit it breaks; then it has written nothing.
     */
    private static final byte[] RESERVE = bytes("""
            local function full(key, limit) return tonumber(redis.call('GET', key) or '0') >= tonumber(limit) end
            local function count(key, window)
              if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, window) end
            end
            local interval = tonumber(ARGV[1])
            if interval > 0 and redis.call('EXISTS', KEYS[1]) == 1 then return 'TOO_FREQUENT' end
            if full(KEYS[2], ARGV[2]) then return 'HOURLY_LIMIT' end
            if full(KEYS[3], ARGV[3]) then return 'DAILY_LIMIT' end
            if KEYS[6] and full(KEYS[6], ARGV[6]) then return 'CLIENT_IP_HOURLY_LIMIT' end
            if full(KEYS[4], ARGV[4]) then return 'TOTAL_HOURLY_LIMIT' end
            if full(KEYS[5], ARGV[5]) then return 'TOTAL_DAILY_LIMIT' end
            if interval > 0 then redis.call('SET', KEYS[1], '1', 'PX', interval) end
            count(KEYS[2], ARGV[7])
            count(KEYS[3], ARGV[8])
            count(KEYS[4], ARGV[7])
            count(KEYS[5], ARGV[8])
            if KEYS[6] then count(KEYS[6], ARGV[7]) end
            return false
            """);

    // A counter that has expired stays gone: DECR would bring it back without a TTL.
    private static final byte[] RELEASE = bytes("""
            redis.call('DEL', KEYS[1])
            for i = 2, #KEYS do
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
    public SendOutcome reserve(String phone, Optional<String> clientIp, SendLimits limits) throws CaptchaException {
        byte[] refusal = (byte[]) redis.eval(RESERVE, sendKeys(phone, clientIp), List.of(
                number(limits.minInterval().toMillis()),
                number(limits.perHour()),
                number(limits.perDay()),
                number(limits.totalPerHour()),
                number(limits.totalPerDay()),
                number(limits.perClientIpPerHour()),
                number(HOUR_WINDOW.toMillis()),
                number(DAY_WINDOW.toMillis())));
        if (refusal != null) {
            return SendRefusal.valueOf(new String(refusal, StandardCharsets.UTF_8));
        }
        return new SendReservation(phone, clientIp, Instant.now());
    }

    @Override
    public void release(SendReservation reservation) throws CaptchaException {
        redis.eval(RELEASE, sendKeys(reservation.phone(), reservation.clientIp()), List.of());
    }

    /** The keys in the order the scripts use them. */
    private List<byte[]> sendKeys(String phone, Optional<String> clientIp) {
        String phoneBase = "{send}:phone:" + phone + ":";
        List<byte[]> keys = new ArrayList<>(List.of(
                redis.key(phoneBase + "interval"), redis.key(phoneBase + "hour"), redis.key(phoneBase + "day"),
                redis.key("{send}:total:hour"), redis.key("{send}:total:day")));
        clientIp.ifPresent(ip -> keys.add(redis.key("{send}:client-ip:" + ip + ":hour")));
        return keys;
    }
}
