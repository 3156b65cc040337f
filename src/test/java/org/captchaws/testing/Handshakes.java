package org.captchaws.testing;

import java.net.URL;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/** WebSocket handshakes the server is expected to refuse, and the HTTP response it refuses them with. */
public final class Handshakes {

    private Handshakes() {
    }

    /** The refusal of a handshake to the deployment's endpoint; fails the test if a connection opens. */
    public static HttpResponse<?> refusal(URL deployment, Consumer<WebSocket.Builder> handshake) throws Exception {
        try (WsClient opened = WsClient.connect(deployment, handshake)) {
            return fail("the handshake was accepted: subprotocol '" + opened.subprotocol() + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse();
            }
            throw e;
        }
    }

    public static int refusalStatus(URL deployment, Consumer<WebSocket.Builder> handshake) throws Exception {
        return refusal(deployment, handshake).statusCode();
    }
}
