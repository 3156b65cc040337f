package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ChallengeStore} for a single instance: challenges in a bounded map that forgets
 * them once expired (every so many puts, and whenever it is full). When full of live
 * challenges it refuses new ones (busy) rather than grow.
 */
public final class MemoryChallengeStore implements ChallengeStore {

    private record Challenge(byte[] answerMac, Instant expires, int attempts) {
        boolean liveAt(Instant now) {
            return expires.isAfter(now);
        }
    }

    private static final int EVICT_EVERY = 1024;

    private final Clock clock;
    private final int capacity;
    private final ConcurrentHashMap<String, Challenge> challenges = new ConcurrentHashMap<>();
    private final AtomicLong puts = new AtomicLong();

    public MemoryChallengeStore(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public void put(String key, byte[] answerMac, Duration ttl) throws CaptchaException {
        Instant now = clock.instant();
        if (puts.incrementAndGet() % EVICT_EVERY == 0) {
            evictExpired();
        }
        if (challenges.size() >= capacity && !challenges.containsKey(key)) {
            evictExpired();
            if (challenges.size() >= capacity) {
                throw new CaptchaException(ErrorCode.BUSY);
            }
        }
        challenges.put(key, new Challenge(answerMac.clone(), now.plus(ttl), 0));
    }

    @Override
    public Optional<Attempt> attempt(String key) {
        Instant now = clock.instant();
        Challenge counted = challenges.computeIfPresent(key, (k, challenge) -> challenge.liveAt(now)
                ? new Challenge(challenge.answerMac(), challenge.expires(), challenge.attempts() + 1)
                : null);
        return Optional.ofNullable(counted).map(c -> new Attempt(c.answerMac().clone(), c.attempts()));
    }

    @Override
    public boolean remove(String key) {
        Challenge removed = challenges.remove(key);
        return removed != null && removed.liveAt(clock.instant());
    }

    @Override
    public long count() {
        Instant now = clock.instant();
        return challenges.values().stream().filter(challenge -> challenge.liveAt(now)).count();
    }

    private void evictExpired() {
        Instant now = clock.instant();
        challenges.values().removeIf(challenge -> !challenge.liveAt(now));
    }

    int size() {
        return challenges.size();
    }
}
