package org.captchaws.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link SendCounter} for a single instance, over rolling windows: a send counts for
 * exactly one hour and one day after it was made. Checking and counting a send are one atomic step per
 * phone, so concurrent requests for one number cannot all slip through.
 */
public final class MemorySendCounter implements SendCounter {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    /** How often, in reservations, phones that have gone quiet are forgotten. */
    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    /** Per phone, the instants of its counted sends within the last day, oldest first. */
    private final ConcurrentHashMap<String, List<Instant>> sends = new ConcurrentHashMap<>();
    private final AtomicLong reservations = new AtomicLong();

    public MemorySendCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SendOutcome reserve(String phone, SendLimits limits) {
        Instant now = clock.instant();
        if (reservations.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        SendRefusal[] refusal = new SendRefusal[1];
        sends.compute(phone, (p, history) -> {
            List<Instant> recent = withinDay(history, now);
            refusal[0] = refusal(recent, now, limits);
            if (refusal[0] == null) {
                recent.add(now);
            }
            return recent.isEmpty() ? null : recent;
        });
        return refusal[0] != null ? refusal[0] : new SendReservation(phone, now);
    }

    @Override
    public void release(SendReservation reservation) {
        sends.computeIfPresent(reservation.phone(), (p, history) -> {
            history.remove(reservation.at());
            return history.isEmpty() ? null : history;
        });
    }

    private static SendRefusal refusal(List<Instant> recent, Instant now, SendLimits limits) {
        if (!recent.isEmpty() && recent.get(recent.size() - 1).plus(limits.minInterval()).isAfter(now)) {
            return SendRefusal.TOO_FREQUENT;
        }
        Instant hourAgo = now.minus(HOUR);
        if (recent.stream().filter(sent -> sent.isAfter(hourAgo)).count() >= limits.perHour()) {
            return SendRefusal.HOURLY_LIMIT;
        }
        if (recent.size() >= limits.perDay()) {
            return SendRefusal.DAILY_LIMIT;
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
