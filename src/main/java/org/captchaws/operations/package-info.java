/**
 * For the people who run the service: {@code /health/live} and {@code /health/ready} (public,
 * in MicroProfile Health's shape, the same on both servers) and {@code /metrics} (Prometheus's
 * text format, behind the WebSocket's keys and networks), with the gauges read from the
 * features when scraped. A top floor beside the wire protocol: it looks into the features, and
 * none of them knows it.
 */
package org.captchaws.operations;
