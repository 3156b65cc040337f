package org.captchaws.store;

/** What a {@link SendCounter} made of a send: counted, or refused by one of the limits. */
public sealed interface SendOutcome permits SendReservation, SendRefusal {
}
