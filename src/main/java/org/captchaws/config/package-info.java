/**
 * The one place that reads configuration (MicroProfile Config: system properties, environment
 * variables, {@code META-INF/microprofile-config.properties}), each key with its default.
 * README lists the same keys: change them together. On the ground floor: it knows no feature,
 * so each feature turns the values into its own settings (e.g. the SMS service's Tencent ones).
 */
package org.captchaws.config;
