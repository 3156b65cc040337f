package org.captchaws.bench.echo;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;

/**
 * The ceiling the load benchmark measures the service against: the same server, the same
 * WebSocket stack, no work. Each text frame goes back as it came, from the thread that read it.
 */
@ServerEndpoint("/ws")
public class EchoEndpoint {

    @OnMessage
    public void echo(String text, Session session) throws IOException {
        session.getBasicRemote().sendText(text);
    }
}
