package org.captchaws.testing;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A WebSocket session for unit tests that have no container: records what is sent through its
 * asynchronous remote and how it is closed; what a send's future does is up to the test. Only
 * {@code getId}, {@code isOpen}, {@code getAsyncRemote}, {@code close(CloseReason)} and
 * {@code sendObject} are answered; any other call fails the test.
 */
public final class FakeSession {

    private final List<Object> sent = new CopyOnWriteArrayList<>();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    private volatile Function<Object, Future<Void>> sending = object -> CompletableFuture.completedFuture(null);
    private volatile IOException closeFailure;

    private final RemoteEndpoint.Async remote = proxy(RemoteEndpoint.Async.class, (name, args) -> {
        if (name.equals("sendObject") && args.length == 1) {
            sent.add(args[0]);
            return sending.apply(args[0]);
        }
        return unsupported(RemoteEndpoint.Async.class, name);
    });

    private final Session session = proxy(Session.class, (name, args) -> switch (name) {
        case "getId" -> "fake-1";
        case "isOpen" -> open;
        case "getAsyncRemote" -> remote;
        case "close" -> {
            if (args.length != 1) {
                yield unsupported(Session.class, "close()");
            }
            closes.add((CloseReason) args[0]);
            if (closeFailure != null) {
                throw closeFailure;
            }
            open = false;
            yield null;
        }
        default -> unsupported(Session.class, name);
    });

    public Session session() {
        return session;
    }

    /** The objects handed to {@code sendObject}, in order. */
    public List<Object> sent() {
        return sent;
    }

    /** The reasons {@code close} was called with, in order. */
    public List<CloseReason> closes() {
        return closes;
    }

    public void open(boolean isOpen) {
        open = isOpen;
    }

    /** What a send's future is made of from now on; by default one that is already done. */
    public void sending(Function<Object, Future<Void>> future) {
        sending = future;
    }

    /** Makes every following {@code close} fail with this, as a connection already gone does. */
    public void failClosing(IOException failure) {
        closeFailure = failure;
    }

    @FunctionalInterface
    private interface Answer {
        Object apply(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> answer.apply(method.getName(), args == null ? new Object[0] : args);
                }));
    }

    private static Object unsupported(Class<?> type, String method) {
        throw new UnsupportedOperationException(type.getSimpleName() + "." + method);
    }
}
