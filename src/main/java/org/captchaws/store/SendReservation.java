package org.captchaws.store;

import java.time.Instant;
import java.util.Optional;

/** A counted send, identified well enough for its counter to take it back from every count it is in. */
public record SendReservation(String phone, Optional<String> clientIp, Instant at) implements SendOutcome {
}
