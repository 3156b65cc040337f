/**
 * The one place that reads configuration (MicroProfile Config: system properties, environment
 * variables, {@code META-INF/microprofile-config.properties}), each key with its default.
 * README lists the same keys: change them together.
 */
package org.captchaws.config;
