/**
 * The echo endpoint of the load benchmark, packed into its own WAR ({@code target/bench/echo.war},
 * context root {@code /echo}) by the {@code bench} profile; never part of captcha-ws.war.
 */
package org.captchaws.bench.echo;
