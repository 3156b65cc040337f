package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RollingSendCounterTest {

    private static final String PHONE = "+8613711112222";

    private final MutableClock clock = new MutableClock();
    private final RollingSendCounter counter = new RollingSendCounter(clock);
    private final SendLimits limits = new SendLimits(Duration.ofSeconds(60), 5, 10);

    @Test
    void aSecondSendWithinTheIntervalIsRefusedWith1023() throws CaptchaException {
        counter.reserve(PHONE, limits);
        clock.advance(Duration.ofSeconds(59));

        assertEquals(1023, refusal(PHONE));

        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrow(() -> counter.reserve(PHONE, limits));
    }

    @Test
    void theSixthSendWithinAnHourIsRefusedWith1024() throws CaptchaException {
        for (int i = 0; i < 5; i++) {
            counter.reserve(PHONE, limits);
            clock.advance(Duration.ofMinutes(1));
        }

        assertEquals(1024, refusal(PHONE));

        clock.advance(Duration.ofMinutes(55));
        assertDoesNotThrow(() -> counter.reserve(PHONE, limits), "the first send has left the hour");
    }

    @Test
    void theEleventhSendWithinADayIsRefusedWith1025() throws CaptchaException {
        for (int i = 0; i < 10; i++) {
            counter.reserve(PHONE, limits);
            clock.advance(Duration.ofMinutes(30));
        }
        clock.advance(Duration.ofHours(1));

        assertEquals(1025, refusal(PHONE));

        clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(30 * 10 + 60)).minusSeconds(1));
        assertEquals(1025, refusal(PHONE), "a second short of a day, the first send still counts");
        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrow(() -> counter.reserve(PHONE, limits), "a day after the first send it no longer counts");
    }

    @Test
    void phonesAreCountedSeparately() throws CaptchaException {
        counter.reserve(PHONE, limits);

        assertDoesNotThrow(() -> counter.reserve("+8613933334444", limits));
    }

    @Test
    void aReleasedSendDoesNotCount() throws CaptchaException {
        SendReservation reservation = counter.reserve(PHONE, limits);

        counter.release(reservation);

        assertDoesNotThrow(() -> counter.reserve(PHONE, limits));
    }

    @Test
    void ofManySimultaneousReservationsForOnePhoneExactlyOneSucceeds() throws Exception {
        List<Boolean> reserved = Concurrently.run(20, 10, () -> {
            try {
                counter.reserve(PHONE, limits);
                return true;
            } catch (CaptchaException refused) {
                return false;
            }
        });

        assertEquals(1, reserved.stream().filter(success -> success).count());
    }

    @Test
    void phonesQuietForADayAreForgotten() throws CaptchaException {
        for (int i = 0; i < 1023; i++) {
            counter.reserve("+86137" + String.format("%08d", i), limits);
        }
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        counter.reserve(PHONE, limits);

        assertEquals(1, counter.trackedPhones());
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ofSeconds(-1), 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ZERO, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ZERO, 5, 0));
    }

    private int refusal(String phone) {
        return assertThrows(CaptchaException.class, () -> counter.reserve(phone, limits)).code();
    }
}
