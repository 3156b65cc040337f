package org.captchaws.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link SendCounter} for a single instance, over rolling windows: a send counts for
 * exactly one hour and one day after it was made.
 *
 * <p>One lock guards all the counts, so checking the phone's, the address's and the total's
 * limits and counting the send in all three is one atomic step: of concurrent requests only
 * as many slip through as the tightest limit allows, and a refusal leaves every count as it
 * was. Sends are rare (they wait on Tencent, on a pool of 16), so one lock costs nothing.
 */
public final class MemorySendCounter implements SendCounter {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    /** How often, in reservations, phones and addresses that have gone quiet are forgotten. */
    private static final int SWEEP_EVERY = 1024;

    private final Clock clock;
    private final Object lock = new Object();
    // Each history holds its counted sends within the last day, oldest first; guarded by lock.
    private final Map<String, List<SendReservation>> phones = new HashMap<>();
    private final Map<String, List<SendReservation>> clientIps = new HashMap<>();
    private final List<SendReservation> total = new ArrayList<>();
    private long reservations;

    public MemorySendCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SendOutcome reserve(String phone, Optional<String> clientIp, SendLimits limits) {
        Instant now = clock.instant();
        synchronized (lock) {
            if (++reservations % SWEEP_EVERY == 0) {
                sweep(now);
            }
            List<SendReservation> phoneSends = lastDay(phones, phone, now);
            List<SendReservation> ipSends = clientIp.map(ip -> lastDay(clientIps, ip, now)).orElse(List.of());
            forgetOlderThanADay(total, now);
            SendRefusal refusal = refusal(phoneSends, ipSends, now, limits);
            if (refusal != null) {
                return refusal;
            }
            SendReservation reservation = new SendReservation(phone, clientIp, now);
            phones.computeIfAbsent(phone, p -> new ArrayList<>()).add(reservation);
            clientIp.ifPresent(ip -> clientIps.computeIfAbsent(ip, i -> new ArrayList<>()).add(reservation));
            total.add(reservation);
            return reservation;
        }
    }

    /** Takes back exactly this reservation (by identity): releasing it twice takes back no other send. */
    @Override
    public void release(SendReservation reservation) {
        synchronized (lock) {
            remove(phones, reservation.phone(), reservation);
            reservation.clientIp().ifPresent(ip -> remove(clientIps, ip, reservation));
            total.removeIf(sent -> sent == reservation);
        }
    }

    private SendRefusal refusal(List<SendReservation> phoneSends, List<SendReservation> ipSends,
                                Instant now, SendLimits limits) {
        if (!phoneSends.isEmpty()
                && phoneSends.get(phoneSends.size() - 1).at().plus(limits.minInterval()).isAfter(now)) {
            return SendRefusal.TOO_FREQUENT;
        }
        if (withinHour(phoneSends, now) >= limits.perHour()) {
            return SendRefusal.HOURLY_LIMIT;
        }
        if (phoneSends.size() >= limits.perDay()) {
            return SendRefusal.DAILY_LIMIT;
        }
        if (withinHour(ipSends, now) >= limits.perClientIpPerHour()) {
            return SendRefusal.CLIENT_IP_HOURLY_LIMIT;
        }
        if (withinHour(total, now) >= limits.totalPerHour()) {
            return SendRefusal.TOTAL_HOURLY_LIMIT;
        }
        if (total.size() >= limits.totalPerDay()) {
            return SendRefusal.TOTAL_DAILY_LIMIT;
        }
        return null;
    }

    private static long withinHour(List<SendReservation> sends, Instant now) {
        Instant hourAgo = now.minus(HOUR);
        return sends.stream().filter(sent -> sent.at().isAfter(hourAgo)).count();
    }

    /** The key's sends within the last day (empty when it has none); a key left with none is forgotten. */
    private static List<SendReservation> lastDay(Map<String, List<SendReservation>> histories, String key,
                                                 Instant now) {
        List<SendReservation> sends = histories.get(key);
        if (sends == null) {
            return List.of();
        }
        forgetOlderThanADay(sends, now);
        if (sends.isEmpty()) {
            histories.remove(key);
        }
        return sends;
    }

    private static void forgetOlderThanADay(List<SendReservation> sends, Instant now) {
        Instant dayAgo = now.minus(DAY);
        sends.removeIf(sent -> !sent.at().isAfter(dayAgo));
    }

    private static void remove(Map<String, List<SendReservation>> histories, String key, SendReservation reservation) {
        List<SendReservation> sends = histories.get(key);
        if (sends != null) {
            sends.removeIf(sent -> sent == reservation);
            if (sends.isEmpty()) {
                histories.remove(key);
            }
        }
    }

    private void sweep(Instant now) {
        for (Map<String, List<SendReservation>> histories : List.of(phones, clientIps)) {
            histories.values().removeIf(sends -> {
                forgetOlderThanADay(sends, now);
                return sends.isEmpty();
            });
        }
    }

    /** How many phones are being tracked: for tests of the forgetting. */
    int trackedPhones() {
        synchronized (lock) {
            return phones.size();
        }
    }

    /** How many client addresses are being tracked: for tests of the forgetting. */
    int trackedClientIps() {
        synchronized (lock) {
            return clientIps.size();
        }
    }
}
