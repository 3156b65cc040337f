package org.captchaws.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.captchaws.config.CaptchaSettings;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies {@code captcha.ws.max-message-size} to the deployment's WebSocket container before
 * any connection opens.
 *
 * <p>The container's default message limits, so every session has them from its first byte:
 * a session's own setters take effect only when {@code @OnOpen} has run, which Undertow runs on
 * a worker thread while it already reads the connection (AnnotatedEndpoint.invokeMethod after
 * EndpointSessionHandler resumes receives), so a frame sent right after the handshake met no
 * limit at all.
 *
 * <p>And Tyrus's (Payara's) incoming buffer. Tyrus
 * keeps every unparsed byte of a connection in one buffer until a whole frame is there
 * ({@code TyrusWebSocketEngine.TyrusReadHandler}, {@code Utils.appendBuffers}), 4 MiB by
 * default whatever the message limit, and refuses a frame only when that buffer overflows. Its
 * size is fixed when Tyrus's ServletContainerInitializer builds the engine, before this
 * application can set a context parameter, so it is set on the engine itself
 * ({@code TyrusWebSocketEngine.setIncomingBufferSize}, read at every upgrade): the limit, the
 * largest frame header, and one read chunk, which the same mechanism caps
 * ({@code org.glassfish.tyrus.servlet.incoming-buffer-size}, read by
 * {@code TyrusServletUpgrade} at every upgrade). A frame within the limit always fits; a
 * larger one never reaches the buffer ({@link FrameGuard} stops it at its header). Nothing
 * happens on other servers.
 */
@ApplicationScoped
public class WebSocketLimits {

    private static final Logger LOG = Logger.getLogger(WebSocketLimits.class.getName());

    /** Bytes Tyrus's servlet upgrade handler reads from the connection at once. */
    static final int READ_CHUNK = 64 * 1024;
    /** A client frame's header at most: 2 bytes, an 8-byte length, a 4-byte mask. */
    static final int MAX_FRAME_HEADER = 14;
    private static final String SERVLET_READ_CHUNK_PARAM = "org.glassfish.tyrus.servlet.incoming-buffer-size";

    @Inject
    CaptchaSettings settings;

    void apply(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        Object container = context.getAttribute(ServerContainer.class.getName());
        if (container instanceof ServerContainer webSockets) {
            webSockets.setDefaultMaxTextMessageBufferSize(settings.maxMessageSize());
            webSockets.setDefaultMaxBinaryMessageBufferSize(settings.maxMessageSize());
        }
        sizeTyrusBuffer(context, container);
    }

    private void sizeTyrusBuffer(ServletContext context, Object container) {
        Method getEngine = publicMethod(container, "getWebSocketEngine");
        if (getEngine == null) {
            return;
        }
        int size = settings.maxMessageSize() + MAX_FRAME_HEADER + READ_CHUNK;
        try {
            Object engine = getEngine.invoke(container);
            Method setSize = publicMethod(engine, "setIncomingBufferSize", int.class);
            if (setSize == null) {
                LOG.warning("Tyrus without setIncomingBufferSize: frames up to its default buffer are read before the limit applies");
                return;
            }
            setSize.invoke(engine, size);
            if (context.getInitParameter(SERVLET_READ_CHUNK_PARAM) == null) {
                context.setInitParameter(SERVLET_READ_CHUNK_PARAM, String.valueOf(READ_CHUNK));
            }
            LOG.info("Tyrus incoming buffer: " + size + " bytes (captcha.ws.max-message-size, frame header, one read)");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not size Tyrus's incoming buffer: frames up to its default are read before the limit applies", e);
        }
    }

    /** The method as declared by the first public class up the hierarchy: Tyrus's container class is private. */
    private static Method publicMethod(Object target, String name, Class<?>... parameters) {
        for (Class<?> type = target == null ? null : target.getClass(); type != null; type = type.getSuperclass()) {
            if (Modifier.isPublic(type.getModifiers())) {
                try {
                    return type.getMethod(name, parameters);
                } catch (NoSuchMethodException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
