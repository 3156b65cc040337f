package org.captchaws.store;

import java.time.Instant;

/** A counted send, identified well enough for its counter to take it back. */
public record SendReservation(String phone, Instant at) implements SendOutcome {
}
