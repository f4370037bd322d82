package dev.fleetdeck.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One-shot stats of many containers at once ({@code GET /containers/{id}/stats?stream=false&one-shot=true},
 * API ≥ 1.41), as raw HTTP/1.1 requests on non-blocking sockets that the calling thread drives
 * together, on keep-alive connections kept between rounds.
 *
 * <p>Why together: dockerd 20.10 answers a one-shot request from its stats collector's next round,
 * and the collector sleeps a second between rounds, so requests sent one after another take a
 * second each (five in 4.1 s on the test bed), while thirty in flight at once were all answered by
 * one round (1.2 s). docker-java's transport blocks a thread per request in flight; here one thread
 * carries a whole agent. Plain sockets only (unix, or tcp without TLS): TLS agents sample through
 * docker-java in lanes.
 *
 * <p>Why a round begins with one request of its own: an idle dockerd 20.10 collector wakes for the
 * first subscriber, reads those subscribed at that instant, then sleeps a second before reading the
 * rest. Sent all at once, a round's requests were split between those two readings at random, so
 * one container's samples came 3 to 5 s apart at a 4 s cadence and figures aged past 5 s. So a
 * round first asks for one container alone, to wake the collector, and holds the rest back until it
 * is answered (a few milliseconds from an idle daemon) or for {@link #FIRST_ALONE_FOR} at most (a
 * busy daemon answers it at its next reading, up to a second away; the rest then join that reading,
 * and the waking answer may trail theirs by milliseconds, so it is waited for up to as long again
 * once they are in, rather than its kept connection closed). The rest arrive while the collector
 * sleeps and one reading answers them all. That first answer is dropped and its container asked
 * again with the rest: kept, it would be a second older than the others when the round ends, and
 * shown 5 s old before the next. It costs the daemon one container's reading per round.
 *
 * <p>Why keep-alive: a connection per request made the daemon accept, set up and tear down one
 * connection per container per round; kept connections (as many as the largest round needed, its
 * waking request included, at most {@code maxInFlight}) cost it nothing between rounds. A kept
 * connection the daemon closed meanwhile (a restart) is found before use or by an answer that never
 * began, and that request goes again on a new connection once.
 */
final class OneShotStats implements AutoCloseable {

    /** Outcome per container: a status (0: not HTTP at all) and the body's bytes. */
    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean blank() {
            for (byte b : body) {
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final int MAX_BODY = 1 << 20;
    /** How long the rest of a round waits for the first request's answer before going anyway. */
    static final Duration FIRST_ALONE_FOR = Duration.ofMillis(100);

    private final SocketAddress address;
    private final ProtocolFamily family;
    private final int maxInFlight;
    /** Connections kept for the next round; the rounds of one agent run on its refresh thread. */
    private final Deque<Connection> idle = new ArrayDeque<>();

    private boolean closed;
    private int opened;

    OneShotStats(SocketAddress address, ProtocolFamily family, int maxInFlight) {
        this.address = address;
        this.family = family;
        this.maxInFlight = Math.max(1, maxInFlight);
    }

    static OneShotStats unix(SocketAddress address, int maxInFlight) {
        return new OneShotStats(address, StandardProtocolFamily.UNIX, maxInFlight);
    }

    static OneShotStats tcp(SocketAddress address, int maxInFlight) {
        return new OneShotStats(address, StandardProtocolFamily.INET, maxInFlight);
    }

    /** Connections kept open between rounds. */
    synchronized int idleConnections() {
        return idle.size();
    }

    /** Connections opened since this was made: as many as the largest round while the daemon keeps them. */
    synchronized int connectionsOpened() {
        return opened;
    }

    /**
     * Answers for the given container ids (already validated as references). Containers whose
     * request did not finish within {@code limit} are missing from the result.
     *
     * @throws IOException when not even a connection could be opened
     */
    Map<String, Answer> fetch(List<String> ids, Duration limit) throws IOException {
        return exchange(ids, System.nanoTime() + limit.toNanos());
    }

    private Map<String, Answer> exchange(List<String> ids, long deadline) throws IOException {
        Map<String, Answer> answers = new HashMap<>();
        if (ids.isEmpty()) {
            return answers;
        }
        Deque<String> waiting = new ArrayDeque<>(ids);
        List<Connection> open = new ArrayList<>();
        // Answered connections go back to the kept ones after the round: their keys are cancelled
        // in this selector, and a channel cannot join it again before the next select.
        List<Connection> done = new ArrayList<>();
        Connection wake = null;
        try (Selector selector = Selector.open()) {
            wake = ids.size() > 1 ? wakeCollector(ids.get(0), selector) : null;
            long holdUntil = System.nanoTime() + FIRST_ALONE_FOR.toNanos();
            IOException firstFailure = null;
            // Once the rest are answered, a pending waking request is waited for this long: a
            // daemon that was busy answers it in the same reading as the rest, a few milliseconds
            // before or after them, and its kept connection is worth those milliseconds.
            boolean restAnswered = false;
            long wakeWaitUntil = holdUntil;
            while (true) {
                if (wake == null || System.nanoTime() >= holdUntil) {
                    while (!waiting.isEmpty() && open.size() < maxInFlight) {
                        String id = waiting.peek();
                        try {
                            Connection c = take();
                            c.send(id, selector);
                            open.add(c);
                            waiting.poll();
                        } catch (IOException e) {
                            waiting.poll();
                            if (firstFailure == null) {
                                firstFailure = e;
                            }
                        }
                    }
                    if (open.isEmpty() && !restAnswered) {
                        restAnswered = true;
                        wakeWaitUntil = Math.max(holdUntil, System.nanoTime() + FIRST_ALONE_FOR.toNanos());
                    }
                }
                long now = System.nanoTime();
                if (open.isEmpty() && waiting.isEmpty() && (wake == null || now >= wakeWaitUntil)) {
                    break;
                }
                long left = deadline - now;
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    break;
                }
                long wait = open.isEmpty() ? Math.min(left, Math.max(0, wakeWaitUntil - now)) : left;
                selector.select(Math.max(1, wait / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    Answer answer = c.step(key);
                    if (c == wake) {
                        if (answer != null) {
                            key.cancel();
                            done.add(c);
                        } else if (c.failed) {
                            c.close();
                        }
                        if (answer != null || c.failed) {
                            wake = null;
                            holdUntil = 0;
                        }
                    } else if (answer != null) {
                        open.remove(c);
                        answers.put(c.id, answer);
                        key.cancel();
                        done.add(c);
                    } else if (c.failed) {
                        open.remove(c);
                        c.close();
                        if (c.reused && c.untouched()) {
                            // A kept connection the daemon had closed: the request goes again on a new one.
                            waiting.addFirst(c.id);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            if (answers.isEmpty() && firstFailure != null) {
                throw firstFailure;
            }
        } finally {
            if (wake != null) {
                // Not answered within the round: what it carries now is unknown.
                wake.close();
            }
            open.forEach(Connection::close);
            done.forEach(this::give);
        }
        return answers;
    }

    /** The request that wakes an idle collector, or {@code null} when it could not even be sent. */
    private Connection wakeCollector(String id, Selector selector) {
        try {
            Connection c = take();
            try {
                c.send(id, selector);
                return c;
            } catch (IOException e) {
                c.close();
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** A kept connection that is still open, or a new one. */
    private Connection take() throws IOException {
        while (true) {
            Connection kept;
            synchronized (this) {
                kept = idle.poll();
            }
            if (kept == null) {
                synchronized (this) {
                    opened++;
                }
                return Connection.open(address, family);
            }
            if (kept.stillOpen()) {
                return kept;
            }
            kept.close();
        }
    }

    private void give(Connection c) {
        if (!c.keepAlive) {
            c.close();
            return;
        }
        synchronized (this) {
            if (!closed && idle.size() < maxInFlight) {
                idle.push(c);
                return;
            }
        }
        c.close();
    }

    @Override
    public void close() {
        List<Connection> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(Connection::close);
    }

    /** One connection and the exchange on it now; its buffer serves every answer it carries. */
    private static final class Connection {
        final SocketChannel channel;
        ByteBuffer in = ByteBuffer.allocate(4096);
        ByteBuffer request;
        String id;
        boolean connecting;
        boolean reused;
        boolean failed;
        boolean keepAlive;

        private Connection(SocketChannel channel, boolean connecting) {
            this.channel = channel;
            this.connecting = connecting;
        }

        static Connection open(SocketAddress address, ProtocolFamily family) throws IOException {
            SocketChannel channel = SocketChannel.open(family);
            try {
                channel.configureBlocking(false);
                return new Connection(channel, !channel.connect(address));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        /** An idle connection has nothing to read; end of stream or stray bytes mean it is done for. */
        boolean stillOpen() {
            try {
                in.clear();
                return channel.read(in) == 0;
            } catch (IOException e) {
                return false;
            }
        }

        void send(String containerId, Selector selector) throws IOException {
            reused = request != null;
            id = containerId;
            failed = false;
            keepAlive = false;
            in.clear();
            request = ByteBuffer.wrap(("GET /containers/" + containerId
                            + "/stats?stream=false&one-shot=true HTTP/1.1\r\n" + "Host: docker\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            channel.register(selector, connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE, this);
        }

        /** Nothing of an answer has arrived yet. */
        boolean untouched() {
            return in.position() == 0;
        }

        /** Advances on a ready key; the answer once it is whole. */
        Answer step(SelectionKey key) {
            try {
                if (key.isConnectable()) {
                    channel.finishConnect();
                    connecting = false;
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    channel.write(request);
                    if (!request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    int n;
                    while (true) {
                        if (!in.hasRemaining()) {
                            grow();
                        }
                        n = channel.read(in);
                        if (n <= 0) {
                            break;
                        }
                    }
                    Answer answer = complete(n < 0);
                    if (answer == null && n < 0) {
                        failed = true;
                    }
                    return answer;
                }
                return null;
            } catch (IOException e) {
                failed = true;
                return null;
            }
        }

        private void grow() throws IOException {
            if (in.capacity() >= MAX_BODY + 16_384) {
                throw new IOException("stats answer over " + MAX_BODY + " bytes");
            }
            ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
            in.flip();
            bigger.put(in);
            in = bigger;
        }

        /**
         * The answer if the bytes so far hold all of it: a body of Content-Length bytes, a chunked
         * body through its last chunk, or, with neither, everything up to the end of the stream.
         */
        Answer complete(boolean ended) throws IOException {
            byte[] b = in.array();
            int len = in.position();
            int headEnd = indexOf(b, len, 0);
            if (headEnd < 0) {
                if (ended && len > 0) {
                    return new Answer(0, Arrays.copyOf(b, len));
                }
                return null;
            }
            String head = new String(b, 0, headEnd, StandardCharsets.ISO_8859_1);
            int bodyStart = headEnd + 4;
            if (!head.startsWith("HTTP/")) {
                return ended ? new Answer(0, Arrays.copyOf(b, len)) : null;
            }
            int status = status(head);
            String lower = head.toLowerCase(Locale.ROOT);
            boolean close = lower.contains("\r\nconnection: close") || head.startsWith("HTTP/1.0");
            int contentLength = contentLength(lower);
            if (contentLength >= 0) {
                if (len - bodyStart < contentLength) {
                    if (ended) {
                        throw new IOException(
                                "stats answer ended after " + (len - bodyStart) + " of " + contentLength + " bytes");
                    }
                    return null;
                }
                keepAlive = !close && !ended && len - bodyStart == contentLength;
                return new Answer(status, Arrays.copyOfRange(b, bodyStart, bodyStart + contentLength));
            }
            if (lower.contains("\r\ntransfer-encoding: chunked")) {
                byte[] body = dechunk(b, bodyStart, len);
                if (body == null) {
                    if (ended) {
                        throw new IOException("chunked stats answer ended early");
                    }
                    return null;
                }
                keepAlive = !close && !ended;
                return new Answer(status, body);
            }
            return ended ? new Answer(status, Arrays.copyOfRange(b, bodyStart, len)) : null;
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to free
            }
        }
    }

    private static int status(String head) {
        int sp = head.indexOf(' ');
        if (sp < 0 || head.length() < sp + 4) {
            return 0;
        }
        try {
            return Integer.parseInt(head.substring(sp + 1, sp + 4));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int contentLength(String lowerHead) {
        int at = lowerHead.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return -1;
        }
        int from = at + "\r\ncontent-length:".length();
        int end = lowerHead.indexOf("\r\n", from);
        try {
            long n = Long.parseLong(lowerHead
                    .substring(from, end < 0 ? lowerHead.length() : end)
                    .strip());
            return n < 0 || n > MAX_BODY ? MAX_BODY + 1 : (int) n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The body of a whole chunked answer, or {@code null} while its last chunk has not arrived. */
    private static byte[] dechunk(byte[] b, int from, int len) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOfCrlf(b, len, at);
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(b, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size in stats answer: " + sizeText);
            }
            at = lineEnd + 2;
            if (size == 0) {
                // Trailers, if any, end with an empty line.
                return indexOf(b, len, at - 2) < 0 ? null : body.toByteArray();
            }
            if (size > MAX_BODY || len - at < size + 2) {
                if (size > MAX_BODY) {
                    throw new IOException("stats answer over " + MAX_BODY + " bytes");
                }
                return null;
            }
            body.write(b, at, size);
            at += size + 2;
        }
    }

    /** Where the first blank line ({@code \r\n\r\n}) at or after {@code from} begins, or -1. */
    private static int indexOf(byte[] b, int len, int from) {
        for (int i = Math.max(0, from); i + 3 < len; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfCrlf(byte[] b, int len, int from) {
        for (int i = from; i + 1 < len; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
