/**
 * The load benchmark (profile {@code bench}, BENCHMARKS.md): the server started with
 * captcha-ws.war and the echo WAR side by side, a pipelined Netty WebSocket client, and the
 * capacity run. Never part of captcha-ws.war nor of {@code mvn verify}.
 */
package org.captchaws.bench;
