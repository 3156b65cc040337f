package org.captchaws.store;

/** The limit that refused a send, checked in this order; the SMS service names it to the client. */
public enum SendRefusal implements SendOutcome {
    /** Less than the least interval since the last counted send. */
    TOO_FREQUENT,
    /** As many sends as allowed within the hour. */
    HOURLY_LIMIT,
    /** As many sends as allowed within the day. */
    DAILY_LIMIT
}
