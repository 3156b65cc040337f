package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.failure.ErrorCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@link ChallengeStore} for a single instance: a ring of at most {@code capacity} slots, in
 * the order challenges were stored. Every call costs the same however full the store is: a put
 * first frees a few expired or answered slots at the old end (more than it takes, so they never
 * pile up), and on a full ring it makes room by dropping the oldest challenge.
 *
 * <p>Only a challenge younger than {@code minLifetime} is never dropped for room: a ring whose
 * oldest slot holds one of those is truly full and refuses new challenges (busy). Under a flood
 * the oldest unanswered captchas thus go first, and every captcha stays answerable for at least
 * {@code minLifetime}. An answered challenge's slot is freed when it reaches the old end, so the
 * bound counts the challenges stored within that window, answered or not.
 *
 * <p>The slots are primitive arrays, and a key is held as 128 bits of its SHA-256: storing a
 * challenge allocates no object that outlives the request and writes no reference into the
 * old generation. With a {@code LinkedHashMap} each challenge was 218 bytes of objects that
 * every young collection copied and whose links it scanned: half the pause time under full load
 * (BENCHMARKS.md, "Fifth stop"). The arrays are allocated whole at start, {@value #BYTES_PER_SLOT}
 * bytes a slot and the index: they grew by doubling once, and the put that doubled them copied
 * and re-indexed the whole store under the lock, up to a third of a second at 524,288 challenges
 * with every other request waiting (BENCHMARKS.md, "Ninth stop"). A capacity the heap cannot
 * spare is refused at start rather than running out of memory later.
 *
 * <p>One lock guards the ring: each call holds it for a probe of the index and a few array
 * writes, far less than the work around a request, and it keeps order and bound exact.
 */
public final class MemoryChallengeStore implements ChallengeStore {

    /** The longest MAC a slot holds: an HMAC-SHA256, what {@link Challenges} stores. */
    static final int MAX_MAC_BYTES = 32;
    /** Expired or answered slots a put frees at most: more than the one it takes, and a bounded cost. */
    static final int EXPIRED_PER_PUT = 4;
    /** A slot's bytes in the arrays besides the index: the key's 128 bits, two times, the attempts, the MAC and its length. */
    static final int BYTES_PER_SLOT = 8 + 8 + 8 + 8 + 4 + 1 + MAX_MAC_BYTES;
    private static final long MEGABYTE = 1024 * 1024;
    /** The largest capacity: its MACs just fit one array. */
    static final int MAX_CAPACITY = 1 << 25;
    /** In {@link #attempts}: the slot's challenge was answered or replaced, its slot not yet freed. */
    private static final int GONE = -1;

    private final Clock clock;
    private final long minLifetimeMillis;
    private final Object lock = new Object();

    // Slot i holds one challenge; the ring runs from head for size slots, oldest first.
    private final long[] keyHigh;
    private final long[] keyLow;
    private final long[] storedAt;
    private final long[] expiresAt;
    private final int[] attempts;
    private final byte[] macLengths;
    private final byte[] macs;
    private int head;
    private int size;
    /** Slots in the ring whose challenge is gone. */
    private int gone;
    /** Open addressing, linear probing: slot + 1 of each live key, 0 for none. Never more than half full. */
    private final int[] index;

    /**
     * @param capacity    the most challenges held at once
     * @param minLifetime how long a challenge is safe from being dropped for room
     */
    public MemoryChallengeStore(Clock clock, int capacity, Duration minLifetime) {
        this(clock, capacity, minLifetime, Runtime.getRuntime().maxMemory());
    }

    /** @param heapBytes the heap the store's arrays must fit in, half of it at most: the rest of the server needs the other */
    MemoryChallengeStore(Clock clock, int capacity, Duration minLifetime, long heapBytes) {
        if (capacity < 1 || capacity > MAX_CAPACITY || minLifetime.isNegative()) {
            throw new IllegalArgumentException("the memory store needs a capacity from 1 to " + MAX_CAPACITY
                    + " and a minimum lifetime of zero or more; got " + capacity + ", " + minLifetime);
        }
        long bytes = bytesFor(capacity);
        if (bytes > heapBytes - bytes) {
            throw new IllegalArgumentException("a memory store of capacity " + capacity + " takes "
                    + (bytes + MEGABYTE - 1) / MEGABYTE + " MB of heap, more than half the "
                    + heapBytes / MEGABYTE + " MB this server has: lower captcha.store.memory.capacity"
                    + " or give the server more heap (-Xmx)");
        }
        this.clock = clock;
        this.minLifetimeMillis = minLifetime.toMillis();
        keyHigh = new long[capacity];
        keyLow = new long[capacity];
        storedAt = new long[capacity];
        expiresAt = new long[capacity];
        attempts = new int[capacity];
        macLengths = new byte[capacity];
        macs = new byte[capacity * MAX_MAC_BYTES];
        index = new int[indexLength(capacity)];
    }

    /** The heap a store of {@code capacity} takes: its slots and its index. */
    static long bytesFor(int capacity) {
        return (long) BYTES_PER_SLOT * capacity + (long) Integer.BYTES * indexLength(capacity);
    }

    private static int indexLength(int capacity) {
        return Integer.highestOneBit(capacity) << 2;
    }

    @Override
    public void put(String key, byte[] answerMac, Duration ttl) throws CaptchaException {
        if (answerMac.length > MAX_MAC_BYTES) {
            throw new IllegalArgumentException("the memory store holds MACs of at most " + MAX_MAC_BYTES
                    + " bytes; got " + answerMac.length);
        }
        long[] digest = digest(key);
        long now = clock.millis();
        synchronized (lock) {
            freeOldEnd(now);
            if (size == keyHigh.length) {
                if (find(digest) == head) {
                    // The challenge replaced is the oldest: its slot is the room.
                    freeHead();
                } else if (!makeRoom(now)) {
                    // Refused before anything changed: a challenge being replaced stays.
                    throw new CaptchaException(ErrorCode.BUSY);
                }
            }
            // Looked up after making room, which may have moved every slot.
            int replaced = find(digest);
            if (replaced >= 0) {
                end(replaced);
            }
            int slot = (head + size) % keyHigh.length;
            size++;
            keyHigh[slot] = digest[0];
            keyLow[slot] = digest[1];
            storedAt[slot] = now;
            expiresAt[slot] = now + ttl.toMillis();
            attempts[slot] = 0;
            macLengths[slot] = (byte) answerMac.length;
            System.arraycopy(answerMac, 0, macs, slot * MAX_MAC_BYTES, answerMac.length);
            index(slot);
        }
    }

    @Override
    public Optional<Attempt> attempt(String key) {
        long[] digest = digest(key);
        long now = clock.millis();
        synchronized (lock) {
            int slot = find(digest);
            if (slot < 0) {
                return Optional.empty();
            }
            if (expiresAt[slot] <= now) {
                end(slot);
                return Optional.empty();
            }
            attempts[slot]++;
            int from = slot * MAX_MAC_BYTES;
            return Optional.of(new Attempt(Arrays.copyOfRange(macs, from, from + macLengths[slot]), attempts[slot]));
        }
    }

    @Override
    public boolean remove(String key) {
        long[] digest = digest(key);
        long now = clock.millis();
        synchronized (lock) {
            int slot = find(digest);
            if (slot < 0) {
                return false;
            }
            end(slot);
            return expiresAt[slot] > now;
        }
    }

    @Override
    public long count() {
        long now = clock.millis();
        synchronized (lock) {
            // They share one TTL, so the expired ones not yet freed are all at the old end.
            long expired = 0;
            for (int i = 0; i < size; i++) {
                int slot = (head + i) % keyHigh.length;
                if (attempts[slot] == GONE) {
                    continue;
                }
                if (expiresAt[slot] > now) {
                    break;
                }
                expired++;
            }
            return size - gone - expired;
        }
    }

    /** Frees slots at the old end whose challenge is gone or expired, a few at most. */
    private void freeOldEnd(long now) {
        for (int i = 0; i < EXPIRED_PER_PUT && size > 0; i++) {
            if (attempts[head] != GONE && expiresAt[head] > now) {
                return;
            }
            freeHead();
        }
    }

    /**
     * On a full ring: drops the oldest challenge unless it is still within its minimum lifetime.
     * (The oldest is live and unexpired here: a ring that {@link #freeOldEnd} freed a slot of is
     * not full.)
     */
    private boolean makeRoom(long now) {
        if (storedAt[head] + minLifetimeMillis > now) {
            return false;
        }
        freeHead();
        return true;
    }

    private void freeHead() {
        if (attempts[head] == GONE) {
            gone--;
        } else {
            unindex(head);
        }
        head = (head + 1) % keyHigh.length;
        size--;
    }

    /** Ends a challenge: its key is forgotten now, its slot freed when it reaches the old end. */
    private void end(int slot) {
        unindex(slot);
        attempts[slot] = GONE;
        gone++;
    }

    private int home(long low) {
        return (int) low & (index.length - 1);
    }

    /** The slot of a live key, or -1. */
    private int find(long[] digest) {
        int mask = index.length - 1;
        for (int i = home(digest[1]); index[i] != 0; i = (i + 1) & mask) {
            int slot = index[i] - 1;
            if (keyLow[slot] == digest[1] && keyHigh[slot] == digest[0]) {
                return slot;
            }
        }
        return -1;
    }

    private void index(int slot) {
        int mask = index.length - 1;
        int i = home(keyLow[slot]);
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    /** Takes a slot out of the index, moving back the entries after it that probed past it. */
    private void unindex(int slot) {
        int mask = index.length - 1;
        int hole = home(keyLow[slot]);
        while (index[hole] != slot + 1) {
            hole = (hole + 1) & mask;
        }
        for (int i = (hole + 1) & mask; index[i] != 0; i = (i + 1) & mask) {
            int home = home(keyLow[index[i] - 1]);
            // The entry at i may move to the hole unless its home lies cyclically in (hole, i].
            boolean homeBetween = hole < i ? hole < home && home <= i : hole < home || home <= i;
            if (!homeBetween) {
                index[hole] = index[i];
                hole = i;
            }
        }
        index[hole] = 0;
    }

    /**
     * 128 bits of the key's SHA-256: no two keys share it by chance or by design (a client picks
     * the phone numbers, and with it a part of some keys), and it is two longs to store.
     */
    static long[] digest(String key) {
        try {
            ByteBuffer sha = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
            return new long[] {sha.getLong(), sha.getLong()};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Challenges held, expired ones not yet freed included. */
    int size() {
        synchronized (lock) {
            return size - gone;
        }
    }

    /** Whether a challenge is held under the key, expired or not, without counting an attempt: for tests. */
    boolean holds(String key) {
        long[] digest = digest(key);
        synchronized (lock) {
            return find(digest) >= 0;
        }
    }
}
