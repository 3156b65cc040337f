package org.captchaws.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A pipelined WebSocket load client on Netty: N connections, each keeping M requests in flight
 * (a reply sends the next request at once), latencies from send to reply in an HdrHistogram
 * {@link Recorder}. Each request's id names its slot (id mod M), so replies may come in any order.
 * Replies are read as the service writes them: {@code "status":"0"} is a success, an integer
 * status a refusal counted by code; the echo endpoint's replies (no status) count as successes.
 */
final class LoadClient implements AutoCloseable {

    private static final String ID = "\"id\":\"";
    private static final String STATUS = "\"status\":";

    private final EventLoopGroup group;
    private final Recorder latencies = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final Map<Integer, LongAdder> refusals = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean sending;

    LoadClient(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** One run: connections opened, then {@link Run#start()}, {@link Run#interval()}, {@link Run#stop()}. */
    Run open(URI uri, String request, int connections, int inFlightPerConnection) throws Exception {
        return new Run(uri, request, connections, inFlightPerConnection);
    }

    final class Run implements AutoCloseable {
        private final List<Channel> channels = new ArrayList<>();
        private final List<Connection> handlers = new ArrayList<>();
        private long intervalStart;

        private Run(URI uri, String request, int connections, int perConnection) throws Exception {
            List<CompletableFuture<Void>> handshakes = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Connection handler = new Connection(request, perConnection);
                handlers.add(handler);
                handshakes.add(handler.handshake);
                channels.add(connect(uri, handler));
            }
            CompletableFuture.allOf(handshakes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }

        void start() {
            refusals.clear();
            sending = true;
            for (int i = 0; i < channels.size(); i++) {
                Connection handler = handlers.get(i);
                channels.get(i).eventLoop().execute(handler::sendAll);
            }
            interval();
        }

        /** What happened since the last call (or the start). */
        Interval interval() {
            long now = System.nanoTime();
            Histogram histogram = latencies.getIntervalHistogram();
            Map<Integer, Long> refused = new TreeMap<>();
            refusals.forEach((code, count) -> refused.put(code, count.sumThenReset()));
            Interval interval = new Interval((now - intervalStart) / 1e9, histogram, refused);
            intervalStart = now;
            return interval;
        }

        /** Stops sending and waits for the replies still due. */
        void stop() throws InterruptedException {
            sending = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws InterruptedException {
            for (Channel channel : channels) {
                channel.writeAndFlush(new CloseWebSocketFrame());
            }
            for (Channel channel : channels) {
                channel.closeFuture().await(5, TimeUnit.SECONDS);
                channel.close();
            }
        }
    }

    record Interval(double seconds, Histogram latencies, Map<Integer, Long> refused) {
        /** This interval and the next one as one. */
        Interval plus(Interval next) {
            Histogram both = latencies.copy();
            both.add(next.latencies());
            Map<Integer, Long> refusedInBoth = new TreeMap<>(refused);
            next.refused().forEach((code, count) -> refusedInBoth.merge(code, count, Long::sum));
            return new Interval(seconds + next.seconds(), both, refusedInBoth);
        }

        long replies() {
            return latencies.getTotalCount();
        }

        double rps() {
            return replies() / seconds;
        }

        long refusedCount() {
            return refused.values().stream().mapToLong(Long::longValue).sum();
        }

        double percentileMillis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private Channel connect(URI uri, Connection handler) throws InterruptedException {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(1 << 20)
                .handshakeTimeoutMillis(30_000)
                .build();
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(config), handler);
                    }
                })
                .connect(uri.getHost(), uri.getPort())
                .sync()
                .channel();
    }

    /** One connection's requests; runs on its event loop only. */
    private final class Connection extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final CompletableFuture<Void> handshake = new CompletableFuture<>();
        private final String request;
        private final int slots;
        private final long[] sentAt;
        private ChannelHandlerContext context;

        Connection(String request, int slots) {
            this.request = request;
            this.slots = slots;
            this.sentAt = new long[slots];
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                context = ctx;
                handshake.complete(null);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new IllegalStateException("handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handshake.completeExceptionally(new IllegalStateException("connection closed"));
            super.channelInactive(ctx);
        }

        void sendAll() {
            for (int slot = 0; slot < slots; slot++) {
                send(slot);
            }
            context.flush();
        }

        private void send(long id) {
            inFlight.incrementAndGet();
            sentAt[(int) (id % slots)] = System.nanoTime();
            context.write(new TextWebSocketFrame(request.replace("{id}", Long.toString(id))));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            long now = System.nanoTime();
            String reply = frame.text();
            int idStart = reply.indexOf(ID) + ID.length();
            long id = Long.parseLong(reply, idStart, reply.indexOf('"', idStart), 10);
            latencies.recordValue(Math.max(1, (now - sentAt[(int) (id % slots)]) / 1000));
            inFlight.decrementAndGet();
            int status = reply.indexOf(STATUS);
            if (status >= 0 && reply.charAt(status + STATUS.length()) != '"') {
                int from = status + STATUS.length();
                int to = from;
                while (Character.isDigit(reply.charAt(to))) {
                    to++;
                }
                refusals.computeIfAbsent(Integer.parseInt(reply, from, to, 10), code -> new LongAdder()).increment();
            }
            if (sending) {
                // The freed slot's next id: ids in flight stay distinct modulo the slots.
                send(id + slots);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
