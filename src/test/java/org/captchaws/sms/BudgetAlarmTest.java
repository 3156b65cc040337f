package org.captchaws.sms;

import org.captchaws.store.SendRefusal;
import org.captchaws.testing.MutableClock;
import org.captchaws.testing.RecordingLogHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator learns that the budget refuses sends: once per budget and interval. */
class BudgetAlarmTest {

    private final MutableClock clock = new MutableClock();
    private final BudgetAlarm alarm = new BudgetAlarm(clock, 1000, 10000);

    @Test
    void theFirstBudgetRefusalIsOneWarningNamingTheBudgetAndItsKey() {
        List<LogRecord> warnings = recording(() -> alarm.refused(SendRefusal.TOTAL_HOURLY_LIMIT));

        assertEquals(1, warnings.size());
        assertEquals(Level.WARNING, warnings.get(0).getLevel());
        String message = warnings.get(0).getMessage();
        assertTrue(message.contains("1000 sends per hour") && message.contains("captcha.sms.max-total-per-hour")
                && message.contains("5004"), message);
    }

    @Test
    void repeatedRefusalsWithinTheIntervalAreNotLoggedAgain() {
        List<LogRecord> warnings = recording(() -> {
            alarm.refused(SendRefusal.TOTAL_DAILY_LIMIT);
            clock.advance(BudgetAlarm.INTERVAL.minusSeconds(1));
            alarm.refused(SendRefusal.TOTAL_DAILY_LIMIT);
            alarm.refused(SendRefusal.TOTAL_DAILY_LIMIT);
        });

        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().contains("10000 sends per day"), warnings.get(0).getMessage());
    }

    @Test
    void aRefusalAfterTheIntervalWarnsAgain() {
        List<LogRecord> warnings = recording(() -> {
            alarm.refused(SendRefusal.TOTAL_HOURLY_LIMIT);
            clock.advance(BudgetAlarm.INTERVAL);
            alarm.refused(SendRefusal.TOTAL_HOURLY_LIMIT);
        });

        assertEquals(2, warnings.size());
    }

    @Test
    void eachBudgetWarnsOnItsOwn() {
        List<LogRecord> warnings = recording(() -> {
            alarm.refused(SendRefusal.TOTAL_HOURLY_LIMIT);
            alarm.refused(SendRefusal.TOTAL_DAILY_LIMIT);
        });

        assertEquals(2, warnings.size());
    }

    @Test
    void limitsOnOnePhoneOrOneAddressAreNoAlarm() {
        List<LogRecord> warnings = recording(() -> {
            for (SendRefusal refusal : List.of(SendRefusal.TOO_FREQUENT, SendRefusal.HOURLY_LIMIT,
                    SendRefusal.DAILY_LIMIT, SendRefusal.CLIENT_IP_HOURLY_LIMIT)) {
                alarm.refused(refusal);
            }
        });

        assertEquals(List.of(), warnings);
    }

    private static List<LogRecord> recording(Runnable action) {
        try (RecordingLogHandler log = RecordingLogHandler.attachTo(Logger.getLogger(BudgetAlarm.class.getName()))) {
            action.run();
            return log.records();
        }
    }
}
