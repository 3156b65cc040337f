package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ChallengeStore} for a single instance: at most {@code capacity} challenges, kept in
 * the order they were stored. Every call costs the same however full the store is: a put first
 * forgets a few expired challenges from the old end (more expire there than it adds, so they
 * never pile up), and on a full store it makes room by dropping the oldest one.
 *
 * <p>Only a challenge younger than {@code minLifetime} is never dropped for room: a store full
 * of those is truly full and refuses new ones (busy). Under a flood the oldest unanswered
 * captchas thus go first, and every captcha stays answerable for at least {@code minLifetime}.
 *
 * <p>One lock guards the map: each call holds it for a hash lookup and a few links, far less than
 * the work around a request, and it keeps order and bound exact (measured in BENCHMARKS.md).
 */
public final class MemoryChallengeStore implements ChallengeStore {

    /** Attempts change in place under the lock: no allocation per attempt. */
    private static final class Challenge {
        final byte[] answerMac;
        final long storedAt;
        final long expiresAt;
        int attempts;

        Challenge(byte[] answerMac, long storedAt, long expiresAt) {
            this.answerMac = answerMac;
            this.storedAt = storedAt;
            this.expiresAt = expiresAt;
        }

        boolean liveAt(long now) {
            return expiresAt > now;
        }
    }

    /** Expired challenges a put forgets at most: more than the one it adds, and a bounded cost. */
    static final int EXPIRED_PER_PUT = 4;

    private final Clock clock;
    private final int capacity;
    private final long minLifetimeMillis;
    /** Insertion order: a replaced challenge moves to the young end, as it is stored anew. */
    private final LinkedHashMap<String, Challenge> challenges = new LinkedHashMap<>();

    /**
     * @param capacity    the most challenges held at once
     * @param minLifetime how long a challenge is safe from being dropped for room
     */
    public MemoryChallengeStore(Clock clock, int capacity, Duration minLifetime) {
        if (capacity < 1 || minLifetime.isNegative()) {
            throw new IllegalArgumentException("the memory store needs a positive capacity and a minimum lifetime"
                    + " of zero or more; got " + capacity + ", " + minLifetime);
        }
        this.clock = clock;
        this.capacity = capacity;
        this.minLifetimeMillis = minLifetime.toMillis();
    }

    @Override
    public void put(String key, byte[] answerMac, Duration ttl) throws CaptchaException {
        long now = clock.millis();
        Challenge fresh = new Challenge(answerMac.clone(), now, now + ttl.toMillis());
        synchronized (challenges) {
            boolean replaced = challenges.remove(key) != null;
            forgetExpired(now);
            if (!replaced && challenges.size() >= capacity && !dropOldest(now)) {
                throw new CaptchaException(ErrorCode.BUSY);
            }
            challenges.put(key, fresh);
        }
    }

    @Override
    public Optional<Attempt> attempt(String key) {
        long now = clock.millis();
        synchronized (challenges) {
            Challenge challenge = challenges.get(key);
            if (challenge == null) {
                return Optional.empty();
            }
            if (!challenge.liveAt(now)) {
                challenges.remove(key);
                return Optional.empty();
            }
            challenge.attempts++;
            return Optional.of(new Attempt(challenge.answerMac.clone(), challenge.attempts));
        }
    }

    @Override
    public boolean remove(String key) {
        long now = clock.millis();
        synchronized (challenges) {
            Challenge removed = challenges.remove(key);
            return removed != null && removed.liveAt(now);
        }
    }

    @Override
    public long count() {
        long now = clock.millis();
        synchronized (challenges) {
            // They share one TTL, so the expired ones not yet forgotten are all at the old end.
            long expired = 0;
            for (Challenge challenge : challenges.values()) {
                if (challenge.liveAt(now)) {
                    break;
                }
                expired++;
            }
            return challenges.size() - expired;
        }
    }

    /** From the old end, where challenges expire first (they share one TTL), a few at most. */
    private void forgetExpired(long now) {
        Iterator<Challenge> oldestFirst = challenges.values().iterator();
        for (int i = 0; i < EXPIRED_PER_PUT && oldestFirst.hasNext(); i++) {
            if (oldestFirst.next().liveAt(now)) {
                return;
            }
            oldestFirst.remove();
        }
    }

    /** Drops the oldest challenge unless it is still within its minimum lifetime. */
    private boolean dropOldest(long now) {
        Iterator<Map.Entry<String, Challenge>> oldestFirst = challenges.entrySet().iterator();
        Challenge oldest = oldestFirst.next().getValue();
        if (oldest.liveAt(now) && oldest.storedAt + minLifetimeMillis > now) {
            return false;
        }
        oldestFirst.remove();
        return true;
    }

    int size() {
        synchronized (challenges) {
            return challenges.size();
        }
    }

    /** The keys from oldest to youngest, for tests of the order. */
    List<String> keysOldestFirst() {
        synchronized (challenges) {
            return List.copyOf(challenges.keySet());
        }
    }
}
