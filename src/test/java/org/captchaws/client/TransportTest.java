package org.captchaws.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What the real servers never do, against a hand-rolled WebSocket server: replies in
 * fragments, and a peer that goes silent (a dead network path: no close, no reset, nothing).
 */
class TransportTest {

    @Test
    void aReplyDeliveredInPartsIsOneReply() throws Exception {
        try (HandRolledWebSocketServer server = new HandRolledWebSocketServer((opcode, payload, peer) -> {
            if (opcode == HandRolledWebSocketServer.TEXT) {
                peer.text(successFor(payload), 5);
            }
        }); CaptchaClient client = CaptchaClient.builder().endpoint(server.endpoint()).connections(1)
                .requestTimeout(Duration.ofSeconds(5)).build()) {

            ImageCaptcha image = client.imageCaptcha();

            assertEquals("N4Fsx", image.title());
            assertEquals("1ed39d9793fdddb95ac32512ce0089cb.png", image.addr());
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDroppedAndItsRequestsFailAtOnce() throws Exception {
        try (HandRolledWebSocketServer silent = new HandRolledWebSocketServer((opcode, payload, peer) -> { });
             CaptchaClient client = CaptchaClient.builder().endpoint(silent.endpoint()).connections(1)
                     .pingInterval(Duration.ofMillis(100)).requestTimeout(Duration.ofSeconds(60))
                     .reconnectDelays(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {

            CaptchaServiceException lost = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(CaptchaServiceException.class, client::imageCaptcha));

            assertEquals(CaptchaServiceException.CONNECTION_LOST, lost.code(), lost.getMessage());
            assertTrue(lost.errmsg().contains("no pong"), lost.errmsg());
            assertTrue(silent.received().contains(HandRolledWebSocketServer.PING), "pinged: " + silent.received());
            org.captchaws.testing.Eventually.await(Duration.ofSeconds(5), "a new connection", () -> silent.handshakes() >= 2);
        }
    }

    /**
     * The first connection drops with a request on it; a request made at once waits for the
     * next connection (the reconnect delay is at least 150 ms here) and is served on it.
     */
    @Test
    void aRequestMadeWhileReconnectingWaitsForTheNextConnection() throws Exception {
        try (HandRolledWebSocketServer server = new HandRolledWebSocketServer((opcode, payload, peer) -> {
            if (opcode == HandRolledWebSocketServer.TEXT) {
                if (peer.number() == 1) {
                    peer.drop();
                } else {
                    peer.text(successFor(payload), 1);
                }
            }
        }); CaptchaClient client = CaptchaClient.builder().endpoint(server.endpoint()).connections(1)
                .requestTimeout(Duration.ofSeconds(10))
                .reconnectDelays(Duration.ofMillis(300), Duration.ofMillis(300)).build()) {

            CaptchaServiceException lost = assertThrows(CaptchaServiceException.class, client::imageCaptcha);
            assertEquals(CaptchaServiceException.CONNECTION_LOST, lost.code(), lost.getMessage());
            assertEquals(0, client.openConnections(), "still reconnecting");

            assertEquals("N4Fsx", client.imageCaptcha().title());
            assertEquals(2, server.handshakes());
        }
    }

    /** A success reply to a generate request, with the request's id. */
    private static String successFor(byte[] request) {
        JsonObject sent = Json.createReader(new StringReader(new String(request, StandardCharsets.UTF_8))).readObject();
        return Json.createObjectBuilder()
                .add("id", sent.getString("id"))
                .add("status", "0")
                .add("errmsg", "successful")
                .add("data", Json.createObjectBuilder().add("title", "N4Fsx").add("addr", "1ed39d9793fdddb95ac32512ce0089cb.png"))
                .build().toString();
    }
}
