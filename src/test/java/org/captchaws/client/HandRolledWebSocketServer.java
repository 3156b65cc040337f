package org.captchaws.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket server of a few lines (RFC 6455 handshake and frames) on 127.0.0.1, for what the
 * real servers never do: split a reply into fragments, or go silent like a peer behind a dead
 * network path. Each connection runs {@link Behaviour} on every text message and ping.
 */
final class HandRolledWebSocketServer implements AutoCloseable {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    static final int TEXT = 0x1;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    interface Behaviour {
        /** A text message (reassembled) or a ping arrived; write whatever frames the test wants. */
        void onFrame(int opcode, byte[] payload, Peer peer) throws IOException;
    }

    /** The server's side of one connection. */
    static final class Peer {
        private final Socket socket;
        private final OutputStream out;
        private final int number;

        Peer(Socket socket, OutputStream out, int number) {
            this.socket = socket;
            this.out = out;
            this.number = number;
        }

        /** 1 for the server's first connection, 2 for the next, and so on. */
        int number() {
            return number;
        }

        /** Drops the connection without a close frame, as a crashing server would. */
        void drop() throws IOException {
            socket.close();
        }

        /** One frame, unmasked as a server's are. */
        synchronized void frame(boolean fin, int opcode, byte[] payload) throws IOException {
            out.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                out.write(payload.length);
            } else {
                out.write(126);
                out.write(payload.length >> 8);
                out.write(payload.length & 0xff);
            }
            out.write(payload);
            out.flush();
        }

        /** A text message in {@code parts} fragments: a text frame, then continuations. */
        void text(String message, int parts) throws IOException {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            int size = (bytes.length + parts - 1) / parts;
            for (int i = 0, offset = 0; i < parts; i++, offset += size) {
                int end = Math.min(bytes.length, offset + size);
                byte[] part = java.util.Arrays.copyOfRange(bytes, Math.min(offset, end), end);
                frame(i == parts - 1, i == 0 ? TEXT : CONTINUATION, part);
            }
        }
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Integer> received = new CopyOnWriteArrayList<>();

    HandRolledWebSocketServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "hand-rolled-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/captcha/ws");
    }

    int handshakes() {
        return handshakes.get();
    }

    /** The opcodes of the frames received, in order. */
    List<Integer> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread connection = new Thread(() -> serve(socket), "hand-rolled-ws-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String key = handshakeKey(in);
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Peer peer = new Peer(socket, out, handshakes.incrementAndGet());
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((second & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = first & 0x0f;
                received.add(opcode);
                if (opcode == CLOSE) {
                    return;
                }
                if (opcode == TEXT || opcode == CONTINUATION) {
                    message.write(payload);
                    if ((first & 0x80) != 0) {
                        behaviour.onFrame(TEXT, message.toByteArray(), peer);
                        message.reset();
                    }
                } else {
                    behaviour.onFrame(opcode, payload, peer);
                }
            }
        } catch (Exception closed) {
            // The client or the test closed the connection.
        }
    }

    private static String handshakeKey(InputStream in) throws IOException {
        String key = null;
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String header = line.toString().strip();
                if (header.isEmpty()) {
                    break;
                }
                if (header.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = header.substring(header.indexOf(':') + 1).strip();
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        if (key == null) {
            throw new IOException("not a WebSocket handshake");
        }
        return key;
    }
}
