package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory per-phone send limits, over rolling windows: a send counts for exactly one
 * hour and one day after it was made. Checking and counting a send are one atomic step per
 * phone, so concurrent requests for one number cannot all slip through.
 */
final class RollingSendCounter {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    /** How often, in reservations, phones that have gone quiet are forgotten. */
    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    /** Per phone, the instants of its counted sends within the last day, oldest first. */
    private final ConcurrentHashMap<String, List<Instant>> sends = new ConcurrentHashMap<>();
    private final AtomicLong reservations = new AtomicLong();

    RollingSendCounter(Clock clock) {
        this.clock = clock;
    }

    SendReservation reserve(String phone, SendLimits limits) throws CaptchaException {
        Instant now = clock.instant();
        if (reservations.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        ErrorCode[] refusal = new ErrorCode[1];
        sends.compute(phone, (p, history) -> {
            List<Instant> recent = withinDay(history, now);
            refusal[0] = refusal(recent, now, limits);
            if (refusal[0] == null) {
                recent.add(now);
            }
            return recent.isEmpty() ? null : recent;
        });
        if (refusal[0] != null) {
            throw new CaptchaException(refusal[0]);
        }
        return new SendReservation(phone, now);
    }

    void release(SendReservation reservation) {
        sends.computeIfPresent(reservation.phone(), (p, history) -> {
            history.remove(reservation.at());
            return history.isEmpty() ? null : history;
        });
    }

    private static ErrorCode refusal(List<Instant> recent, Instant now, SendLimits limits) {
        if (!recent.isEmpty() && recent.get(recent.size() - 1).plus(limits.minInterval()).isAfter(now)) {
            return ErrorCode.SMS_TOO_FREQUENT;
        }
        Instant hourAgo = now.minus(HOUR);
        if (recent.stream().filter(sent -> sent.isAfter(hourAgo)).count() >= limits.perHour()) {
            return ErrorCode.SMS_HOURLY_LIMIT;
        }
        if (recent.size() >= limits.perDay()) {
            return ErrorCode.SMS_DAILY_LIMIT;
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
