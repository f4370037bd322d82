package dev.fleetdeck.store;

import dev.fleetdeck.config.RedisConfig;
import dev.fleetdeck.config.RedisUris;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens connections to the configured Redis: one server, Sentinel or TLS, all from the URI, with
 * an ACL user and password from outside the URI and a CA of its own for TLS when the
 * configuration gives them. The URI may hold a password; {@link #describe()} and every message
 * here leave it out.
 */
public final class RedisConnector implements AutoCloseable {
    private final ClientResources resources;
    private final RedisClient client;
    private final String description;
    private final boolean tls;

    public RedisConnector(String uri, Duration timeout) {
        this(RedisConfig.of(uri), timeout);
    }

    public RedisConnector(RedisConfig config, Duration timeout) {
        RedisURI parsed = RedisURI.create(config.uri());
        parsed.setTimeout(timeout);
        config.password().ifPresent(p -> {
            config.user().ifPresent(parsed::setUsername);
            parsed.setPassword(p.value().toCharArray());
        });
        this.description = config.redactedUri()
                + config.user().map(u -> " (user " + u + ")").orElse("");
        this.tls = parsed.isSsl();
        // Threads of our own choosing, not the machine's core count (Lettuce's default, per client):
        // two I/O threads (Lettuce's least) carry a client's few connections, two run its callbacks.
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
        this.client = RedisClient.create(resources, parsed);
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                // Commands fail at once while disconnected instead of queueing up behind the outage.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        config.caFile()
                .ifPresent(ca -> options.sslOptions(SslOptions.builder()
                        .jdkSslProvider()
                        .trustManager(ca.toFile())
                        .handshakeTimeout(timeout)
                        .build()));
        client.setOptions(options.build());
        // Lettuce's threads start on their first task: its computation threads at the first
        // reconnect (the soak saw a console's threads step up by six at its first Sentinel
        // failover, and never again), an I/O thread at the first connection it is given. Started
        // now, a process's thread count is what it stays at. The I/O group is the one every
        // connection of this client uses (cached per kind, released by the shutdown in close).
        EventLoopGroup io = resources.eventLoopGroupProvider().allocate(Transports.eventLoopGroupClass());
        for (EventExecutorGroup group : List.of(resources.eventExecutorGroup(), io)) {
            for (EventExecutor e : group) {
                e.execute(() -> {});
            }
        }
    }

    public StatefulRedisConnection<String, String> connect() {
        try {
            return client.connect();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Redis at " + description + " is not reachable: " + rootMessage(e) + hint(rootMessage(e), tls));
        }
    }

    /** A connection for SUBSCRIBE; lettuce reconnects it and subscribes again by itself. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        try {
            return client.connectPubSub();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Redis at " + description + " is not reachable: " + rootMessage(e) + hint(rootMessage(e), tls));
        }
    }

    /** Runs {@code listener} whenever any connection of this client (re)connects, on lettuce's thread. */
    public void onConnected(Runnable listener) {
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                listener.run();
            }
        });
    }

    public String describe() {
        return description;
    }

    /** The URI with any password replaced by {@code ***}, wherever lettuce would read one. */
    public static String redact(String uri) {
        return RedisUris.redact(uri);
    }

    /** What to do about the failures an operator can fix in the configuration. */
    static String hint(String why, boolean tls) {
        String w = why.toLowerCase(Locale.ROOT);
        if (w.contains("wrongpass")
                || w.contains("invalid username-password")
                || w.contains("noauth")
                || w.contains("auth failed")) {
            return " — check the user and password (the URI, or passwordEnv/passwordFile in redis:)";
        }
        if (w.contains("pkix") || w.contains("certificate") || w.contains("unable to find valid certification path")) {
            return " — the server's certificate is not trusted: set caFile: to the CA that signed it (redis: { uri: ..., caFile: ca.pem })";
        }
        // A TLS server drops a plain client's first bytes; lettuce reports that in several words,
        // depending on how far its handshake got ("handshake handler not registered" when the
        // channel closed before it was set up).
        if (!tls
                && (w.contains("connection reset")
                        || w.contains("connection closed")
                        || w.contains("closed prematurely")
                        || w.contains("handshakehandler not registered"))) {
            return " — if that port speaks TLS, use rediss:// instead of redis://";
        }
        return "";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        // Ours: the client does not shut down what it was given. Waited for, so no thread outlives close.
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
