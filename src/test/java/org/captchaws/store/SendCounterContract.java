package org.captchaws.store;

import org.captchaws.failure.CaptchaException;
import org.captchaws.testing.Concurrently;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** What every {@link SendCounter} does, in memory and on Redis alike. */
abstract class SendCounterContract {

    static final String PHONE = "13800138000";
    static final SendLimits NO_INTERVAL = new SendLimits(Duration.ZERO, 100, 100);
    static final SendLimits ONE_A_MINUTE = new SendLimits(Duration.ofMinutes(1), 100, 100);

    protected SendCounter counter;

    /** A new counter that has counted nothing. */
    protected abstract SendCounter newCounter();

    @BeforeEach
    void createCounter() {
        counter = newCounter();
    }

    @Test
    void sendWithinTheIntervalIsTooFrequent() throws Exception {
        counted(PHONE, ONE_A_MINUTE);

        assertEquals(SendRefusal.TOO_FREQUENT, counter.reserve(PHONE, ONE_A_MINUTE));
        counted("13900139000", ONE_A_MINUTE);
    }

    @Test
    void hourlyLimitRefusesAndARefusalDoesNotCount() throws Exception {
        SendLimits twoAnHour = new SendLimits(Duration.ZERO, 2, 3);
        counted(PHONE, twoAnHour);
        counted(PHONE, twoAnHour);

        assertEquals(SendRefusal.HOURLY_LIMIT, counter.reserve(PHONE, twoAnHour));
        assertEquals(SendRefusal.HOURLY_LIMIT, counter.reserve(PHONE, twoAnHour));
        // Two counted today, so a third fits the day: the refusals above were not counted.
        counted(PHONE, new SendLimits(Duration.ZERO, 3, 3));
    }

    @Test
    void dailyLimitRefuses() throws Exception {
        SendLimits twoADay = new SendLimits(Duration.ZERO, 10, 2);
        counted(PHONE, twoADay);
        counted(PHONE, twoADay);

        assertEquals(SendRefusal.DAILY_LIMIT, counter.reserve(PHONE, twoADay));
    }

    @Test
    void theFirstBrokenLimitIsReported() throws Exception {
        SendLimits oneOfEach = new SendLimits(Duration.ofMinutes(1), 1, 1);
        counted(PHONE, oneOfEach);

        assertEquals(SendRefusal.TOO_FREQUENT, counter.reserve(PHONE, oneOfEach));
        assertEquals(SendRefusal.HOURLY_LIMIT, counter.reserve(PHONE, new SendLimits(Duration.ZERO, 1, 1)));
    }

    @Test
    void ofConcurrentSendsWithinTheIntervalExactlyOneIsCounted() throws Exception {
        List<SendOutcome> outcomes = Concurrently.run(20, 10, () -> counter.reserve(PHONE, ONE_A_MINUTE));

        assertEquals(1, outcomes.stream().filter(SendReservation.class::isInstance).count());
        assertEquals(19, outcomes.stream().filter(SendRefusal.TOO_FREQUENT::equals).count());
    }

    @Test
    void releasedSendDoesNotCount() throws Exception {
        SendLimits oneOfEach = new SendLimits(Duration.ofMinutes(1), 1, 1);
        SendReservation failed = counted(PHONE, oneOfEach);

        counter.release(failed);

        counted(PHONE, oneOfEach);
        assertEquals(SendRefusal.TOO_FREQUENT, counter.reserve(PHONE, oneOfEach));
    }

    @Test
    void releaseNeverDrivesCountersBelowZero() throws Exception {
        SendLimits oneAnHour = new SendLimits(Duration.ZERO, 1, 10);
        SendReservation reservation = counted(PHONE, oneAnHour);
        counter.release(reservation);
        counter.release(reservation);

        counted(PHONE, oneAnHour);
        assertEquals(SendRefusal.HOURLY_LIMIT, counter.reserve(PHONE, oneAnHour));
    }

    /** Reserves a send that must be counted. */
    SendReservation counted(String phone, SendLimits limits) throws CaptchaException {
        return counted(counter, phone, limits);
    }

    static SendReservation counted(SendCounter on, String phone, SendLimits limits) throws CaptchaException {
        return assertInstanceOf(SendReservation.class, on.reserve(phone, limits), "a counted send to " + phone);
    }
}
