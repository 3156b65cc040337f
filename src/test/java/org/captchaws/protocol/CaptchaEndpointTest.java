package org.captchaws.protocol;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import org.captchaws.access.OpenConnections;
import org.captchaws.failure.ErrorCode;
import org.captchaws.testing.FakeSession;
import org.captchaws.testing.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One connection's endpoint as the container drives it: text in parts, binary, errors; what
 * reaches the dispatcher and what the client is sent. The dispatcher is a stand-in that answers
 * each request with its action (Dispatcher itself has its own tests).
 */
class CaptchaEndpointTest {

    private static final int LIMIT = 200;
    private static final String REQUEST = "{\"id\":7,\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{\"action\":\"generate\"}}";

    private final Jsonb jsonb = JsonbBuilder.create();
    private final List<Request> dispatched = new CopyOnWriteArrayList<>();
    private final FakeSession client = new FakeSession();
    private final OpenConnections connections = new OpenConnections();
    private final CaptchaEndpoint endpoint = new CaptchaEndpoint();

    @BeforeEach
    void open() {
        endpoint.connections = connections;
        endpoint.jsonb = jsonb;
        endpoint.settings = Settings.maxMessageSize(LIMIT);
        endpoint.dispatcher = new Dispatcher() {
            @Override
            public CompletionStage<Reply> dispatch(Request request) {
                dispatched.add(request);
                return CompletableFuture.completedFuture(Reply.success(request.id(), Map.of("did", request.action())));
            }
        };
        endpoint.open(client.session());
    }

    @AfterEach
    void closeJsonb() throws Exception {
        jsonb.close();
    }

    @Test
    void anOpenSessionIsCountedUntilItCloses() {
        assertEquals(1, connections.count());

        endpoint.close();

        assertEquals(0, connections.count());
    }

    @Test
    void aRequestInPartsIsDispatchedOnceWholeAndItsReplySent() {
        endpoint.onText(REQUEST.substring(0, 20), false);
        endpoint.onText(REQUEST.substring(20, 40), false);
        assertEquals(List.of(), dispatched, "nothing before the last part");

        endpoint.onText(REQUEST.substring(40), true);

        assertEquals(1, dispatched.size());
        Request request = dispatched.get(0);
        assertEquals(Json.createValue(7), request.id());
        assertEquals("captcha", request.type());
        assertEquals("img", request.subtype());
        assertEquals("generate", request.action());
        assertEquals(List.of(Reply.success(Json.createValue(7), Map.of("did", "generate"))), client.sent());
    }

    @Test
    void aMessagePastTheLimitClosesWith1009AndIsNeverDispatched() {
        endpoint.onText("{\"id\":1,\"pad\":\"" + "x".repeat(LIMIT), false);
        endpoint.onText("\"}", true);

        assertEquals(List.of(), dispatched);
        assertEquals(List.of(), client.sent());
        assertEquals(1, client.closes().size(), "closed once");
        assertTooBig(client.closes().get(0));
    }

    @Test
    void malformedJsonIsAnsweredWith4000AndTheIdReadBeforeTheBreak() {
        endpoint.onText("{\"id\":5,\"type\":", true);

        assertEquals(List.of(Reply.failure(Json.createValue(5), ErrorCode.MALFORMED_JSON)), client.sent());
        assertEquals(List.of(), dispatched);
    }

    @Test
    void anEnvelopeWithoutItsFieldsIsAnsweredWithTheFieldsCodeAndItsId() {
        endpoint.onText("{\"id\":\"a\",\"type\":\"captcha\",\"subtype\":\"img\",\"data\":{}}", true);
        endpoint.onText("[1,2]", true);

        assertEquals(2, client.sent().size());
        Reply missingAction = (Reply) client.sent().get(0);
        assertEquals(Json.createValue("a"), missingAction.id());
        assertEquals(ErrorCode.BAD_FIELD.code(), missingAction.status());
        assertEquals(ErrorCode.BAD_FIELD.message() + ": data.action", missingAction.errmsg());
        assertEquals(Reply.failure(JsonValue.NULL, ErrorCode.NOT_AN_OBJECT), client.sent().get(1));
        assertEquals(List.of(), dispatched);
    }

    @Test
    void aBinaryMessageIsAnsweredWith4006() {
        endpoint.onBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}));

        assertEquals(List.of(Reply.failure(JsonValue.NULL, ErrorCode.BINARY_NOT_SUPPORTED)), client.sent());
    }

    @Test
    void aDecodeErrorFromTheContainerIsAnsweredLikeTheEndpointsOwn() {
        endpoint.onError(client.session(), new DecodeException("{\"id\":[1],", "not JSON"));
        endpoint.onError(client.session(), new DecodeException("{}", "bad",
                new InvalidRequestException(Json.createValue(9), ErrorCode.BAD_FIELD, "type")));

        assertEquals(List.of(Reply.failure(Json.createArrayBuilder().add(1).build(), ErrorCode.MALFORMED_JSON),
                Reply.failure(Json.createValue(9), new InvalidRequestException(Json.createValue(9), ErrorCode.BAD_FIELD, "type"))),
                client.sent());
        assertEquals(List.of(), client.closes());
    }

    @Test
    void aDecodeErrorForAFrameTooLargeClosesWith1009() {
        endpoint.onError(client.session(), new DecodeException("", "too large", new FrameTooLargeException()));

        assertEquals(List.of(), client.sent());
        assertEquals(1, client.closes().size());
        assertTooBig(client.closes().get(0));
    }

    @Test
    void anyOtherErrorClosesAnOpenSessionWith1011AndSaysNoMore() {
        endpoint.onError(client.session(), new IllegalStateException("bug"));

        assertEquals(1, client.closes().size());
        CloseReason reason = client.closes().get(0);
        assertEquals(CloseReason.CloseCodes.UNEXPECTED_CONDITION, reason.getCloseCode());
        assertEquals("internal error", reason.getReasonPhrase());
        assertEquals(List.of(), client.sent());
    }

    @Test
    void anErrorOnASessionAlreadyClosedClosesNothing() {
        client.open(false);

        endpoint.onError(client.session(), new IOException("connection reset"));

        assertEquals(List.of(), client.closes());
    }

    private static void assertTooBig(CloseReason reason) {
        assertEquals(CloseReason.CloseCodes.TOO_BIG, reason.getCloseCode());
        assertEquals(new FrameTooLargeException().getMessage(), reason.getReasonPhrase());
    }
}
