/**
 * What the service counts and times, for {@code /captcha/metrics}: one registry of Prometheus
 * meters per deployment, and a method per thing counted. On the ground floor beside
 * {@code org.captchaws.failure}: it knows no feature, so the one place in each feature that sees
 * an outcome (the dispatcher a reply, the handshake filter a refusal, the Redis client a failure,
 * the Tencent sender an answer) records it here; the operations package adds the gauges and
 * serves the text.
 */
package org.captchaws.metrics;
