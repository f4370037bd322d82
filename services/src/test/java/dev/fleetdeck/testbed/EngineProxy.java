package dev.fleetdeck.testbed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real engine behind a loopback TCP port, relaying every request to its unix socket, except one
 * path the test takes over: held without an answer until {@link #close}, or answered with a body
 * of the test's choosing. So one call of an agent can misbehave while every other call is real.
 *
 * <p>Each request goes over as HTTP/1.0, which the engine answers whole and then closes; the
 * proxy's own side keeps HTTP/1.1 and keep-alive for the client.
 */
public final class EngineProxy implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final UnixDomainSocketAddress engine;
    private final String path;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Mode mode = Mode.RELAY;
    private volatile String body = "";
    private volatile int status = 200;

    private enum Mode {
        RELAY,
        HANG,
        ANSWER
    }

    /** @param path the path taken over, e.g. {@code /system/df} (with or without an API version prefix) */
    public EngineProxy(URI engineSocket, String path) throws IOException {
        this.engine = UnixDomainSocketAddress.of(engineSocket.getPath());
        this.path = path;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI host() {
        return URI.create("tcp://127.0.0.1:" + server.getAddress().getPort());
    }

    public void relay() {
        mode = Mode.RELAY;
    }

    /** The path gets no answer at all (its connection stays open) until the proxy closes. */
    public void hang() {
        mode = Mode.HANG;
    }

    public void answer(int status, String body) {
        this.status = status;
        this.body = body;
        mode = Mode.ANSWER;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requested = exchange.getRequestURI().getRawPath();
            boolean ours = requested.equals(path) || requested.matches("/v[0-9.]+" + path.replace(".", "\\."));
            Mode now = ours ? mode : Mode.RELAY;
            if (now == Mode.HANG) {
                try {
                    released.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (now == Mode.ANSWER) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            relay(exchange);
        }
    }

    private void relay(HttpExchange exchange) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        String query = exchange.getRequestURI().getRawQuery();
        StringBuilder head = new StringBuilder(exchange.getRequestMethod())
                .append(' ')
                .append(exchange.getRequestURI().getRawPath())
                .append(query == null ? "" : "?" + query)
                .append(" HTTP/1.0\r\nHost: docker\r\n");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        head.append("Content-Length: ").append(requestBody.length).append("\r\n\r\n");
        byte[] answer;
        try (SocketChannel channel = SocketChannel.open(engine)) {
            channel.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
            channel.write(ByteBuffer.wrap(requestBody));
            try (InputStream in = Channels.newInputStream(channel)) {
                answer = in.readAllBytes();
            }
        }
        int split = indexOf(answer, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String[] lines = new String(answer, 0, split, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        int code = Integer.parseInt(lines[0].split(" ", -1)[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim();
            if (!name.toLowerCase(Locale.ROOT).matches("content-length|connection|transfer-encoding|date")) {
                exchange.getResponseHeaders()
                        .add(name, lines[i].substring(colon + 1).trim());
            }
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(answer, split + 4, answer.length - split - 4);
        boolean empty = content.size() == 0 || code == 204 || code == 304;
        exchange.sendResponseHeaders(code, empty ? -1 : content.size());
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                content.writeTo(out);
            }
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("the engine's answer has no end of headers");
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
