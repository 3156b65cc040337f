package org.captchaws.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that writes frames byte by byte, as no library lets a client: a header
 * that announces a large frame, then its payload in parts, while another thread watches for
 * the server's close frame. For the frame limit, which must act while a frame is arriving.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 1;
    public static final int BINARY = 2;
    private static final int CLOSE = 8;
    /** The payload goes out unmasked in effect: a zero mask (allowed) XORs nothing. */
    private static final byte[] ZERO_MASK = new byte[4];

    private final Socket socket;
    private final OutputStream out;
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Opens a connection to the deployment's endpoint with the first test key; fails unless the server answers 101. */
    public static RawWebSocket open(URL deployment) throws IOException {
        Socket socket = new Socket(deployment.getHost(), deployment.getPort());
        socket.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + deployment.getPath() + "ws HTTP/1.1\r\n"
                + "Host: " + deployment.getHost() + ":" + deployment.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Authorization: Bearer " + ItKeys.first() + "\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + head.lines().findFirst().orElse(head));
        }
        RawWebSocket client = new RawWebSocket(socket);
        Thread reader = new Thread(() -> client.readUntilClose(new DataInputStream(in)), "raw-websocket-reader");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    /** The header of one final frame of {@code length} payload bytes; the payload follows with {@link #write}. */
    public void startFrame(int opcode, long length) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0x80 | opcode);
        header.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            header.write((int) (length >>> shift) & 0xff);
        }
        header.write(ZERO_MASK);
        out.write(header.toByteArray());
    }

    public void write(byte[] payloadPart) throws IOException {
        out.write(payloadPart);
    }

    /** The text frames the server sent (the replies), as they arrive. */
    public BlockingQueue<String> texts() {
        return texts;
    }

    /** Completes with the code of the server's close frame, or exceptionally if the connection ends without one. */
    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    private void readUntilClose(DataInputStream in) {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if ((first & 0x0f) == TEXT) {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                } else if ((first & 0x0f) == CLOSE) {
                    closeCode.complete(payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            closeCode.completeExceptionally(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && (matched % 2 == 0) == (b == '\r') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
