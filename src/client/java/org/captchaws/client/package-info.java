/**
 * The Java client of captcha-ws, for back-ends: {@link org.captchaws.client.CaptchaClient}
 * keeps a few WebSocket connections open, pipelines requests over them, matches each reply to
 * its request by id, times requests out, pings, and reconnects. Built from {@code src/client}
 * into a jar of its own ({@code target/captcha-ws-client.jar}), never into the WAR; it needs the
 * JDK and JSON-P ({@code jakarta.json-api} with Parsson) only, and nothing of the server.
 */
package org.captchaws.client;
