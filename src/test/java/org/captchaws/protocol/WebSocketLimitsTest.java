package org.captchaws.protocol;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.captchaws.testing.Settings;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The message limit applied to the deployment's WebSocket container: the container's defaults,
 * and Tyrus's incoming buffer when the container is Tyrus's. The Tyrus stand-ins below have the
 * two public methods the limit is set through, as Tyrus's own classes do.
 */
class WebSocketLimitsTest {

    private static final int LIMIT = 5000;
    private static final String READ_CHUNK_PARAM = "org.glassfish.tyrus.servlet.incoming-buffer-size";

    private final Map<String, Object> attributes = new HashMap<>();
    private final Map<String, String> initParameters = new HashMap<>();
    private final WebSocketLimits limits = new WebSocketLimits();

    WebSocketLimitsTest() {
        limits.settings = Settings.maxMessageSize(LIMIT);
    }

    @Test
    void theContainersDefaultTextAndBinaryLimitsAreTheSetting() {
        Map<String, Object> set = new HashMap<>();
        attributes.put(ServerContainer.class.getName(), serverContainer(set));

        limits.apply(context());

        assertEquals(Map.of("setDefaultMaxTextMessageBufferSize", LIMIT, "setDefaultMaxBinaryMessageBufferSize", LIMIT), set);
        assertEquals(Map.of(), initParameters, "not Tyrus: nothing else is set");
    }

    @Test
    void tyrusBufferHoldsTheLimitAFrameHeaderAndOneReadAndItsServletReadsOneChunk() {
        TyrusContainer tyrus = new TyrusContainer();
        attributes.put(ServerContainer.class.getName(), tyrus);

        limits.apply(context());

        assertEquals(LIMIT + 14 + 64 * 1024, tyrus.engine.incomingBufferSize);
        assertEquals(String.valueOf(64 * 1024), initParameters.get(READ_CHUNK_PARAM));
    }

    @Test
    void aReadChunkTheOperatorConfiguredIsKept() {
        TyrusContainer tyrus = new TyrusContainer();
        attributes.put(ServerContainer.class.getName(), tyrus);
        initParameters.put(READ_CHUNK_PARAM, "4096");

        limits.apply(context());

        assertEquals("4096", initParameters.get(READ_CHUNK_PARAM));
        assertEquals(LIMIT + 14 + 64 * 1024, tyrus.engine.incomingBufferSize);
    }

    /** Tyrus's container class is not public: the method is found on its public superclass. */
    @Test
    void theEngineIsFoundThroughAPublicSuperclass() {
        TyrusContainer tyrus = new HiddenTyrusContainer();
        attributes.put(ServerContainer.class.getName(), tyrus);

        limits.apply(context());

        assertEquals(LIMIT + 14 + 64 * 1024, tyrus.engine.incomingBufferSize);
    }

    @Test
    void aTyrusWithoutTheSetterOrOneThatFailsLeavesTheDeploymentRunning() {
        attributes.put(ServerContainer.class.getName(), new OldTyrusContainer());
        limits.apply(context());
        assertNull(initParameters.get(READ_CHUNK_PARAM), "no buffer sized, no chunk set");

        attributes.put(ServerContainer.class.getName(), new FailingTyrusContainer());
        limits.apply(context());
        assertNull(initParameters.get(READ_CHUNK_PARAM), "the setter failed before the chunk was set");
    }

    @Test
    void withoutAContainerNothingHappens() {
        limits.apply(context());
        attributes.put(ServerContainer.class.getName(), "not a container");
        limits.apply(context());

        assertEquals(Map.of(), initParameters);
    }

    public static class TyrusEngine {
        int incomingBufferSize = -1;

        public void setIncomingBufferSize(int size) {
            incomingBufferSize = size;
        }
    }

    public static class TyrusContainer {
        final TyrusEngine engine = new TyrusEngine();

        public Object getWebSocketEngine() {
            return engine;
        }
    }

    private static final class HiddenTyrusContainer extends TyrusContainer {
    }

    public static class OldTyrusContainer {
        public Object getWebSocketEngine() {
            return new Object();
        }
    }

    public static class FailingTyrusContainer {
        public Object getWebSocketEngine() {
            return new TyrusEngine() {
                @Override
                public void setIncomingBufferSize(int size) {
                    throw new IllegalStateException("engine already started");
                }
            };
        }
    }

    private ServletContext context() {
        return (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ServletContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getInitParameter" -> initParameters.get((String) args[0]);
                    case "setInitParameter" -> initParameters.putIfAbsent((String) args[0], (String) args[1]) == null;
                    default -> throw new UnsupportedOperationException("ServletContext." + method.getName());
                });
    }

    /** Records the limits set on it by name. */
    private static ServerContainer serverContainer(Map<String, Object> set) {
        return (ServerContainer) Proxy.newProxyInstance(WebSocketLimitsTest.class.getClassLoader(),
                new Class<?>[]{ServerContainer.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("setDefaultMax")) {
                        set.put(method.getName(), args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException("ServerContainer." + method.getName());
                });
    }
}
