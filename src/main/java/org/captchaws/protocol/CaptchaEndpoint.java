package org.captchaws.protocol;

import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.captchaws.access.OpenConnections;
import org.captchaws.config.CaptchaSettings;
import org.captchaws.failure.ErrorCode;

import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The service's WebSocket endpoint at {@code /ws}. Deliberately thin: it decodes, hands the
 * request to the {@link Dispatcher} and sends the reply when it is ready. No CDI scope: the
 * container makes one instance per connection and injects the application-scoped services.
 *
 * <p>Subprotocol {@code captcha-ws} is selected when a client offers it: a browser that carries
 * its key as a second subprotocol ({@code bearer.<key>}) fails the connection unless the server
 * selects one it offered. Clients that offer none connect as before.
 */
@ServerEndpoint(value = "/ws", subprotocols = "captcha-ws", encoders = ReplyEncoder.class)
public class CaptchaEndpoint {

    private static final Logger LOG = Logger.getLogger(CaptchaEndpoint.class.getName());

    @Inject
    Dispatcher dispatcher;

    @Inject
    CaptchaSettings settings;

    @Inject
    OpenConnections connections;

    @Inject
    Jsonb jsonb;

    private ReplySender replies;
    private Session session;
    private TextAssembler text;
    private RequestDecoder decoder;

    @OnOpen
    public void open(Session session) {
        connections.opened();
        this.session = session;
        replies = new ReplySender(session);
        text = new TextAssembler(settings.maxMessageSize());
        decoder = new RequestDecoder(jsonb, settings.maxMessageSize());
        // Text arrives in parts, limited by TextAssembler as they come; whole binary frames by
        // the container, whose default limits WebSocketLimits sets before any session opens.
    }

    @OnClose
    public void close() {
        connections.closed();
        decoder.destroy();
    }

    /**
     * Parts, not whole messages: a container that buffers a whole message checks the limit only
     * when it is complete (Undertow), so the limit is applied here as the parts arrive.
     */
    @OnMessage
    public void onText(String part, boolean last) {
        try {
            String message = text.add(part, last);
            if (message != null) {
                onRequest(decoder.decode(message));
            }
        } catch (FrameTooLargeException tooLarge) {
            replies.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, tooLarge.getMessage()));
        } catch (DecodeException refused) {
            onError(session, refused);
        }
    }

    private void onRequest(Request request) {
        dispatcher.dispatch(request).thenAccept(replies::send);
    }

    @OnMessage
    public void onBinary(ByteBuffer ignored) {
        replies.send(Reply.failure(JsonValue.NULL, ErrorCode.BINARY_NOT_SUPPORTED));
    }

    @OnError
    public void onError(Session session, Throwable error) {
        if (error instanceof DecodeException refused) {
            if (refused.getCause() instanceof FrameTooLargeException tooLarge) {
                replies.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, tooLarge.getMessage()));
            } else if (refused.getCause() instanceof InvalidRequestException invalid) {
                replies.send(Reply.failure(invalid.id(), invalid));
            } else {
                replies.send(Reply.failure(RequestDecoder.readIdLeniently(refused.getText()), ErrorCode.MALFORMED_JSON));
            }
            return;
        }
        // I/O errors of a vanishing client land here too: worth no more than a debug line.
        LOG.log(Level.FINE, "WebSocket error on session " + session.getId(), error);
        if (session.isOpen()) {
            replies.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error"));
        }
    }
}
