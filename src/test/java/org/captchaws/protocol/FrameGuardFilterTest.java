package org.captchaws.protocol;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.captchaws.testing.FakeRequest;
import org.captchaws.testing.FakeResponse;
import org.captchaws.testing.Settings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The filter as a Servlet-upgrading implementation (Tyrus) meets it: the upgrade it asks for
 * reads the connection through a {@link FrameGuard} set to the message limit.
 */
class FrameGuardFilterTest {

    private static final int LIMIT = 100;

    private final FrameGuardFilter filter = new FrameGuardFilter();
    private final List<ServletRequest> passed = new ArrayList<>();

    FrameGuardFilterTest() {
        filter.settings = Settings.maxMessageSize(LIMIT);
    }

    @Test
    void aRequestThatIsNotAHandshakePassesUnwrapped() throws Exception {
        FakeRequest page = new FakeRequest();

        filter.doFilter(page, new FakeResponse(), (request, response) -> passed.add(request));

        assertEquals(List.of(page), passed);
    }

    @Test
    void theImplementationGetsItsOwnHandlerAndTheContainerTheGuardingOne() throws Exception {
        FakeRequest handshake = new FakeRequest().header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");

        Implementation inner = upgrade(handshake);

        assertInstanceOf(FrameGuardFilter.GuardedUpgrade.class, handshake.upgraded(), "the container was asked for the guard");
        assertNotSame(handshake.upgraded(), inner);
    }

    @Test
    void theImplementationReadsTheConnectionThroughAGuardAtTheMessageLimit() throws Exception {
        FakeRequest handshake = new FakeRequest().header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        Implementation inner = upgrade(handshake);
        byte[] atLimit = frame(LIMIT);
        Connection client = new Connection(concat(atLimit, frame(LIMIT + 1)));

        handshake.upgraded().init(client);

        WebConnection seen = inner.connection;
        ServletInputStream in = seen.getInputStream();
        assertSame(in, seen.getInputStream(), "one stream per connection");
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[64];
        while (in.isReady()) {
            read.write(buffer, 0, in.read(buffer, 0, buffer.length));
        }
        assertArrayEquals(concat(atLimit, FrameGuard.closeFrame(1009, new FrameTooLargeException().getMessage())),
                read.toByteArray(), "the frame at the limit, then a close with 1009 for the one past it");
    }

    @Test
    void writingClosingAndDestroyingReachTheRealConnectionAndHandler() throws Exception {
        FakeRequest handshake = new FakeRequest().header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        Implementation inner = upgrade(handshake);
        Connection client = new Connection(new byte[0]);
        handshake.upgraded().init(client);

        assertSame(client.out, inner.connection.getOutputStream());
        inner.connection.close();
        handshake.upgraded().destroy();

        assertTrue(client.closed);
        assertTrue(inner.destroyed);
    }

    @Test
    void aHandlerTheFilterCannotMakeFailsTheUpgrade() throws Exception {
        FakeRequest handshake = new FakeRequest().header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        filter.doFilter(handshake, new FakeResponse(), (request, response) -> passed.add(request));

        HttpServletRequest wrapped = (HttpServletRequest) passed.get(0);
        ServletException refused = assertThrows(ServletException.class, () -> wrapped.upgrade(NoDefaultConstructor.class));
        assertTrue(refused.getMessage().contains(NoDefaultConstructor.class.getName()), refused.getMessage());
    }

    /** Runs the filter, then upgrades as the implementation behind it does. */
    private Implementation upgrade(FakeRequest handshake) throws Exception {
        filter.doFilter(handshake, new FakeResponse(), (request, response) -> passed.add(request));
        assertEquals(1, passed.size(), "the chain goes on");
        assertNotSame(handshake, passed.get(0), "the handshake is wrapped");
        return ((HttpServletRequest) passed.get(0)).upgrade(Implementation.class);
    }

    /** The implementation's handler: keeps the connection it is given. */
    public static class Implementation implements HttpUpgradeHandler {
        WebConnection connection;
        boolean destroyed;

        @Override
        public void init(WebConnection webConnection) {
            connection = webConnection;
        }

        @Override
        public void destroy() {
            destroyed = true;
        }
    }

    public static class NoDefaultConstructor implements HttpUpgradeHandler {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public void init(WebConnection webConnection) {
        }

        @Override
        public void destroy() {
        }
    }

    /** The upgraded connection: the client's bytes, in reads of up to 64. */
    private static final class Connection implements WebConnection {
        private final ServletInputStream in;
        boolean closed;
        final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener writeListener) {
            }

            @Override
            public void write(int b) {
            }
        };

        Connection(byte[] bytes) {
            in = new GuardedInputTest.FakeInput(bytes, 64);
        }

        @Override
        public ServletInputStream getInputStream() {
            return in;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return out;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static byte[] frame(int length) {
        ByteBuffer frame = ByteBuffer.allocate(8 + length);
        frame.put((byte) 0x82).put((byte) (0x80 | 126)).putShort((short) length).putInt(0);
        return frame.put(new byte[length]).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
