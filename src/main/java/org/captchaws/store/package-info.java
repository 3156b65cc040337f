/**
 * Where the service keeps what it must remember between requests: the answers awaiting
 * verification (a {@link org.captchaws.store.ChallengeStore}, as MACs, never in plain) and the
 * SMS send counts per phone, per client address and in total (a
 * {@link org.captchaws.store.SendCounter}, which checks and counts all three in one atomic
 * step), each kept in memory for a single instance or on Redis (one shared pool) for several,
 * and verification on top of them
 * ({@link org.captchaws.store.Challenges}). A store answers in its own terms (an attempt, a
 * {@link org.captchaws.store.SendRefusal}); the services above map them to codes.
 */
package org.captchaws.store;
