/**
 * Where the service keeps what it must remember between requests: the answers awaiting
 * verification (a {@link org.captchaws.store.ChallengeStore}, as MACs, never in plain) and the
 * per-phone SMS send counts (a {@link org.captchaws.store.SendCounter}), each kept in memory for
 * a single instance or on Redis (one shared pool) for several, and verification on top of them
 * ({@link org.captchaws.store.Challenges}). A store answers in its own terms (an attempt, a
 * {@link org.captchaws.store.SendRefusal}); the services above map them to codes.
 */
package org.captchaws.store;
