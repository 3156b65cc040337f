package org.captchaws.sms;

import org.captchaws.store.SendRefusal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Tells the operator when the SMS budget refuses sends: every refused user sees 5004, and
 * without this line nobody running the service would know why. Once per budget and interval,
 * not once per refusal, so a flood of requests cannot flood the log.
 */
final class BudgetAlarm {

    static final Duration INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(BudgetAlarm.class.getName());

    private final Clock clock;
    private final Map<SendRefusal, String> budgets = new EnumMap<>(SendRefusal.class);
    private final Map<SendRefusal, Instant> lastWarned = new EnumMap<>(SendRefusal.class);

    BudgetAlarm(Clock clock, int maxTotalPerHour, int maxTotalPerDay) {
        this.clock = clock;
        budgets.put(SendRefusal.TOTAL_HOURLY_LIMIT,
                maxTotalPerHour + " sends per hour across all numbers (captcha.sms.max-total-per-hour)");
        budgets.put(SendRefusal.TOTAL_DAILY_LIMIT,
                maxTotalPerDay + " sends per day across all numbers (captcha.sms.max-total-per-day)");
    }

    void refused(SendRefusal refusal) {
        String budget = budgets.get(refusal);
        if (budget == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (lastWarned) {
            Instant last = lastWarned.get(refusal);
            if (last != null && now.isBefore(last.plus(INTERVAL))) {
                return;
            }
            lastWarned.put(refusal, now);
        }
        LOG.warning("SMS budget reached: " + budget + "; sends are refused with 5004 until the window frees up"
                + " (this warning repeats at most every " + INTERVAL.toMinutes() + " minutes)");
    }
}
