package org.captchaws.store;

import org.captchaws.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The memory counter: the contract, and its rolling windows on a clock the test moves. */
class MemorySendCounterTest extends SendCounterContract {

    private static final String E164 = "+8613711112222";

    private final MutableClock clock = new MutableClock();
    private final SendLimits limits = new SendLimits(Duration.ofSeconds(60), 5, 10);
    private MemorySendCounter memory;

    @Override
    protected SendCounter newCounter() {
        memory = new MemorySendCounter(clock);
        return memory;
    }

    @Test
    void aSecondSendWithinTheIntervalIsRefusedUntilTheIntervalHasPassed() throws Exception {
        counted(E164, limits);
        clock.advance(Duration.ofSeconds(59));

        assertEquals(SendRefusal.TOO_FREQUENT, reserve(E164, limits));

        clock.advance(Duration.ofSeconds(1));
        counted(E164, limits);
    }

    @Test
    void theSixthSendWithinAnHourIsRefused() throws Exception {
        for (int i = 0; i < 5; i++) {
            counted(E164, limits);
            clock.advance(Duration.ofMinutes(1));
        }

        assertEquals(SendRefusal.HOURLY_LIMIT, reserve(E164, limits));

        clock.advance(Duration.ofMinutes(55));
        counted(E164, limits); // the first send has left the hour
    }

    @Test
    void theEleventhSendWithinADayIsRefused() throws Exception {
        for (int i = 0; i < 10; i++) {
            counted(E164, limits);
            clock.advance(Duration.ofMinutes(30));
        }
        clock.advance(Duration.ofHours(1));

        assertEquals(SendRefusal.DAILY_LIMIT, reserve(E164, limits));

        clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(30 * 10 + 60)).minusSeconds(1));
        assertEquals(SendRefusal.DAILY_LIMIT, reserve(E164, limits),
                "a second short of a day, the first send still counts");
        clock.advance(Duration.ofSeconds(1));
        counted(E164, limits); // a day after the first send it no longer counts
    }

    @Test
    void theBudgetCountsARollingHourAndARollingDay() throws Exception {
        SendLimits twoAnHourThreeADay = new SendLimits(Duration.ZERO, 100, 100, 100, 2, 3);
        counted("+8613700000001", twoAnHourThreeADay);
        counted("+8613700000002", twoAnHourThreeADay);
        assertEquals(SendRefusal.TOTAL_HOURLY_LIMIT, reserve("+8613700000003", twoAnHourThreeADay));

        clock.advance(Duration.ofHours(1));
        counted("+8613700000003", twoAnHourThreeADay); // the first two have left the hour
        assertEquals(SendRefusal.TOTAL_DAILY_LIMIT, reserve("+8613700000004", twoAnHourThreeADay));

        clock.advance(Duration.ofHours(23));
        counted("+8613700000004", twoAnHourThreeADay); // and now the day
    }

    @Test
    void anAddressCountsForARollingHour() throws Exception {
        SendLimits oneAnAddress = new SendLimits(Duration.ZERO, 100, 100, 1, 100, 100);
        counted("+8613700000001", IP, oneAnAddress);
        clock.advance(Duration.ofMinutes(59));

        assertEquals(SendRefusal.CLIENT_IP_HOURLY_LIMIT, reserve("+8613700000002", IP, oneAnAddress));

        clock.advance(Duration.ofMinutes(1));
        counted("+8613700000002", IP, oneAnAddress);
    }

    @Test
    void phonesAndAddressesQuietForADayAreForgotten() throws Exception {
        for (int i = 0; i < 1023; i++) {
            counted("+86137" + String.format("%08d", i), "10.0." + i / 256 + "." + i % 256, limits);
        }
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        counted(E164, IP, limits);

        assertEquals(1, memory.trackedPhones());
        assertEquals(1, memory.trackedClientIps());
    }

    @Test
    void aPhoneAndAnAddressWhoseOnlySendIsReleasedAreForgotten() throws Exception {
        counter.release(counted(E164, IP, limits));

        assertEquals(0, memory.trackedPhones());
        assertEquals(0, memory.trackedClientIps());
    }

    /** The periodic forgetting (every 1024th reservation) forgets only the quiet, never a live count. */
    @Test
    void forgettingTheQuietKeepsTheLimitsOfTheRest() throws Exception {
        SendLimits onceAnHour = new SendLimits(Duration.ZERO, 1, 10, 1, 10_000, 10_000);
        counted(E164, IP, onceAnHour);
        for (int i = 1; i < 1023; i++) {
            counted("+86137" + String.format("%08d", i), "10.0." + i / 256 + "." + i % 256, onceAnHour);
        }

        assertEquals(SendRefusal.HOURLY_LIMIT, reserve(E164, onceAnHour), "the 1024th reservation");
        assertEquals(SendRefusal.CLIENT_IP_HOURLY_LIMIT, reserve("+8613700000000", IP, onceAnHour));
        assertEquals(1023, memory.trackedPhones());
        assertEquals(1023, memory.trackedClientIps());
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ofSeconds(-1), 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ZERO, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ZERO, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ZERO, 5, 10, 0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ZERO, 5, 10, 10, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new SendLimits(Duration.ZERO, 5, 10, 10, 10, 0));
    }
}
