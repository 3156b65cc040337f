package org.captchaws.protocol;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.captchaws.config.CaptchaSettings;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Puts a {@link FrameGuard} between the client and a WebSocket implementation that upgrades
 * through the Servlet API ({@link HttpServletRequest#upgrade}), as Tyrus on Payara does: the
 * upgrade handler it asks for reads the connection through the guard. Undertow (WildFly)
 * upgrades without that call and refuses frames as they arrive anyway (see
 * {@link TextAssembler}), so there the wrapper is never asked for anything.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class FrameGuardFilter extends HttpFilter {

    @Inject
    CaptchaSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getHeader("Sec-WebSocket-Key") == null) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new GuardedRequest(request, settings.maxMessageSize()), response);
    }

    private static final class GuardedRequest extends HttpServletRequestWrapper {
        private final int limit;

        GuardedRequest(HttpServletRequest request, int limit) {
            super(request);
            this.limit = limit;
        }

        /** The container makes the outer handler; the implementation configures the inner one, which it gets back. */
        @Override
        public <T extends HttpUpgradeHandler> T upgrade(Class<T> type) throws IOException, ServletException {
            T inner;
            try {
                inner = type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new ServletException("cannot make the upgrade handler " + type.getName(), e);
            }
            super.upgrade(GuardedUpgrade.class).guard(inner, limit);
            return inner;
        }
    }

    /** Public, with a public constructor: the container instantiates it. */
    public static class GuardedUpgrade implements HttpUpgradeHandler {
        private HttpUpgradeHandler inner;
        private int limit;

        void guard(HttpUpgradeHandler inner, int limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public void init(WebConnection connection) {
            inner.init(new GuardedConnection(connection, new FrameGuard(limit, new FrameTooLargeException().getMessage())));
        }

        @Override
        public void destroy() {
            inner.destroy();
        }
    }

    private static final class GuardedConnection implements WebConnection {
        private final WebConnection connection;
        private final FrameGuard guard;
        private GuardedInput input;

        GuardedConnection(WebConnection connection, FrameGuard guard) {
            this.connection = connection;
            this.guard = guard;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (input == null) {
                input = new GuardedInput(connection.getInputStream(), guard);
            }
            return input;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return connection.getOutputStream();
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    /**
     * Reads through the guard. After a refusal it keeps reading and dropping what the client
     * sends, returning nothing, until the implementation has answered the close and the
     * connection ends: never end-of-stream, which an implementation takes for the client leaving.
     */
    static final class GuardedInput extends ServletInputStream {
        private final ServletInputStream in;
        private final FrameGuard guard;
        private ByteBuffer ready = ByteBuffer.allocate(0);
        private byte[] read = new byte[0];

        GuardedInput(ServletInputStream in, FrameGuard guard) {
            this.in = in;
            this.guard = guard;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!ready.hasRemaining()) {
                if (read.length < len) {
                    read = new byte[len];
                }
                int n = in.read(read, 0, len);
                if (n <= 0) {
                    return n;
                }
                if (guard.refused()) {
                    return 0;
                }
                ready = guard.pass(read, n);
            }
            int handed = Math.min(len, ready.remaining());
            ready.get(b, off, handed);
            return handed;
        }

        /** As the non-blocking contract allows: only while {@link #isReady()} says so. */
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            while (isReady()) {
                int n = read(one, 0, 1);
                if (n != 0) {
                    return n < 0 ? -1 : one[0] & 0xFF;
                }
            }
            throw new IllegalStateException("read() while no data is ready");
        }

        @Override
        public int available() throws IOException {
            return ready.remaining() + in.available();
        }

        @Override
        public boolean isFinished() {
            return !ready.hasRemaining() && in.isFinished();
        }

        /** Bytes the guard holds for the implementation count: it reads while this says so. */
        @Override
        public boolean isReady() {
            return ready.hasRemaining() || in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
