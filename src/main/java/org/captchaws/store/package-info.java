/**
 * Where the service keeps what it must remember between requests: the answers awaiting
 * verification (as MACs, never in plain) and the per-phone SMS send counters. One interface,
 * kept in memory for a single instance or on Redis for several.
 */
package org.captchaws.store;
