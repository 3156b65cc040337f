package org.captchaws.sms;

import org.captchaws.protocol.CaptchaException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-phone send limits, checked before any money is spent: a minimum interval between sends,
 * a most per rolling hour and a most per rolling day. Checking and counting a send are one
 * atomic step per phone, so concurrent requests for one number cannot all slip through.
 */
public final class SendLimits {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    /** How often, in reservations, phones that have gone quiet are forgotten. */
    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    private final Duration minInterval;
    private final int perHour;
    private final int perDay;
    /** Per phone, the instants of its counted sends within the last day, oldest first. */
    private final ConcurrentHashMap<String, List<Instant>> sends = new ConcurrentHashMap<>();
    private final AtomicLong reservations = new AtomicLong();

    public SendLimits(Clock clock, Duration minInterval, int perHour, int perDay) {
        if (minInterval.isNegative() || perHour < 1 || perDay < 1) {
            throw new IllegalArgumentException("SMS limits must be positive: interval " + minInterval
                    + ", per hour " + perHour + ", per day " + perDay);
        }
        this.clock = clock;
        this.minInterval = minInterval;
        this.perHour = perHour;
        this.perDay = perDay;
    }

    /**
     * Counts a send to the phone if the limits allow it.
     *
     * @return the reservation, to {@link #release} if the send then fails
     * @throws CaptchaException 1023, 1024 or 1025 for the first limit the send would break
     */
    public Instant reserve(String phone) throws CaptchaException {
        Instant now = clock.instant();
        if (reservations.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        CaptchaException[] refusal = new CaptchaException[1];
        sends.compute(phone, (p, history) -> {
            List<Instant> recent = withinDay(history, now);
            refusal[0] = refusal(recent, now);
            if (refusal[0] == null) {
                recent.add(now);
            }
            return recent.isEmpty() ? null : recent;
        });
        if (refusal[0] != null) {
            throw refusal[0];
        }
        return now;
    }

    /** Takes back a reservation whose send failed: a refused send does not count. */
    public void release(String phone, Instant reservation) {
        sends.computeIfPresent(phone, (p, history) -> {
            history.remove(reservation);
            return history.isEmpty() ? null : history;
        });
    }

    private CaptchaException refusal(List<Instant> recent, Instant now) {
        if (!recent.isEmpty() && recent.get(recent.size() - 1).plus(minInterval).isAfter(now)) {
            return TencentErrorCodes.TOO_FREQUENT.toException(null);
        }
        Instant hourAgo = now.minus(HOUR);
        if (recent.stream().filter(sent -> sent.isAfter(hourAgo)).count() >= perHour) {
            return TencentErrorCodes.HOURLY_LIMIT.toException(null);
        }
        if (recent.size() >= perDay) {
            return TencentErrorCodes.DAILY_LIMIT.toException(null);
        }
        return null;
    }

    private static List<Instant> withinDay(List<Instant> history, Instant now) {
        List<Instant> recent = new ArrayList<>();
        if (history != null) {
            Instant dayAgo = now.minus(DAY);
            for (Instant sent : history) {
                if (sent.isAfter(dayAgo)) {
                    recent.add(sent);
                }
            }
        }
        return recent;
    }

    private void sweep(Instant now) {
        for (String phone : sends.keySet()) {
            sends.computeIfPresent(phone, (p, history) -> {
                List<Instant> recent = withinDay(history, now);
                return recent.isEmpty() ? null : recent;
            });
        }
    }

    /** How many phones are being tracked: for tests of the forgetting. */
    int trackedPhones() {
        return sends.size();
    }
}
