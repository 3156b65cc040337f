package org.captchaws.store;

/**
 * The limit that refused a send, checked in this order (the phone's, then the client
 * address's, then the budget's); the SMS service names it to the client.
 */
public enum SendRefusal implements SendOutcome {
    /** Less than the least interval since the phone's last counted send. */
    TOO_FREQUENT,
    /** As many sends to the phone as allowed within the hour. */
    HOURLY_LIMIT,
    /** As many sends to the phone as allowed within the day. */
    DAILY_LIMIT,
    /** As many sends for the client address as allowed within the hour, whatever the numbers. */
    CLIENT_IP_HOURLY_LIMIT,
    /** As many sends in total, to all numbers, as the budget allows within the hour. */
    TOTAL_HOURLY_LIMIT,
    /** As many sends in total as the budget allows within the day. */
    TOTAL_DAILY_LIMIT
}
