package org.captchaws.store;

import java.time.Duration;

/** Per-phone SMS limits: a least interval between two sends, a most per hour and per day. */
public record SendLimits(Duration minInterval, int perHour, int perDay) {

    public SendLimits {
        if (minInterval.isNegative() || perHour < 1 || perDay < 1) {
            throw new IllegalArgumentException("SMS limits must be positive: interval " + minInterval
                    + ", per hour " + perHour + ", per day " + perDay);
        }
    }
}
