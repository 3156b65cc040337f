package org.captchaws.sms;

import org.captchaws.protocol.CaptchaException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SendLimitsTest {

    private static final String PHONE = "+8613711112222";

    private final MutableClock clock = new MutableClock();
    private final SendLimits limits = new SendLimits(clock, Duration.ofSeconds(60), 5, 10);

    @Test
    void aSecondSendWithinTheIntervalIsRefusedWith1023() throws CaptchaException {
        limits.reserve(PHONE);
        clock.advance(Duration.ofSeconds(59));

        assertEquals(1023, refusal(PHONE));

        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrow(() -> limits.reserve(PHONE));
    }

    @Test
    void theSixthSendWithinAnHourIsRefusedWith1024() throws CaptchaException {
        for (int i = 0; i < 5; i++) {
            limits.reserve(PHONE);
            clock.advance(Duration.ofMinutes(1));
        }

        assertEquals(1024, refusal(PHONE));

        clock.advance(Duration.ofMinutes(55));
        assertDoesNotThrow(() -> limits.reserve(PHONE), "the first send has left the hour");
    }

    @Test
    void theEleventhSendWithinADayIsRefusedWith1025() throws CaptchaException {
        for (int i = 0; i < 10; i++) {
            limits.reserve(PHONE);
            clock.advance(Duration.ofMinutes(30));
        }
        clock.advance(Duration.ofHours(1));

        assertEquals(1025, refusal(PHONE));

        clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(30 * 10 + 60)).minusSeconds(1));
        assertEquals(1025, refusal(PHONE), "a second short of a day, the first send still counts");
        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrow(() -> limits.reserve(PHONE), "a day after the first send it no longer counts");
    }

    @Test
    void phonesAreCountedSeparately() throws CaptchaException {
        limits.reserve(PHONE);

        assertDoesNotThrow(() -> limits.reserve("+8613933334444"));
    }

    @Test
    void aReleasedSendDoesNotCount() throws CaptchaException {
        Instant reservation = limits.reserve(PHONE);

        limits.release(PHONE, reservation);

        assertDoesNotThrow(() -> limits.reserve(PHONE));
    }

    @Test
    void ofManySimultaneousReservationsForOnePhoneExactlyOneSucceeds() throws Exception {
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                attempts.add(() -> {
                    start.await();
                    try {
                        limits.reserve(PHONE);
                        return true;
                    } catch (CaptchaException refused) {
                        return false;
                    }
                });
            }
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> attempt : attempts) {
                results.add(pool.submit(attempt));
            }
            start.countDown();
            int successes = 0;
            for (Future<Boolean> result : results) {
                successes += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, successes);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void phonesQuietForADayAreForgotten() throws CaptchaException {
        for (int i = 0; i < 1023; i++) {
            limits.reserve("+86137" + String.format("%08d", i));
        }
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        limits.reserve(PHONE);

        assertEquals(1, limits.trackedPhones());
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(clock, Duration.ofSeconds(-1), 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(clock, Duration.ZERO, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(clock, Duration.ZERO, 5, 0));
    }

    private int refusal(String phone) {
        return assertThrows(CaptchaException.class, () -> limits.reserve(phone)).code();
    }

    /** A clock the test moves by hand: no sleeping through a limit's window. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
