package org.captchaws.store;

import java.time.Duration;

/**
 * SMS limits, all checked and counted in one step: per phone a least interval between two
 * sends and a most per hour and per day; per client address (when the request names one) a
 * most per hour; and the budget, a most across all numbers per hour and per day.
 */
public record SendLimits(Duration minInterval, int perHour, int perDay,
                         int perClientIpPerHour, int totalPerHour, int totalPerDay) {

    public SendLimits {
        if (minInterval.isNegative() || perHour < 1 || perDay < 1
                || perClientIpPerHour < 1 || totalPerHour < 1 || totalPerDay < 1) {
            throw new IllegalArgumentException("SMS limits must be positive: interval " + minInterval
                    + ", per hour " + perHour + ", per day " + perDay + ", per client address per hour "
                    + perClientIpPerHour + ", in total per hour " + totalPerHour + ", per day " + totalPerDay);
        }
    }

    /** The per-phone limits alone: addresses and the total unbounded. */
    public SendLimits(Duration minInterval, int perHour, int perDay) {
        this(minInterval, perHour, perDay, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
