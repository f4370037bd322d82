package dev.fleetdeck.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * Opens connections to the configured Redis: one server, Sentinel or TLS, all from the URI. The
 * URI may hold a password; {@link #describe()} and every message here leave it out.
 */
public final class RedisConnector implements AutoCloseable {
    private final RedisClient client;
    private final String description;

    public RedisConnector(String uri, Duration timeout) {
        RedisURI parsed = RedisURI.create(uri);
        parsed.setTimeout(timeout);
        this.description = redact(uri);
        this.client = RedisClient.create(parsed);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                // Commands fail at once while disconnected instead of queueing up behind the outage.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
    }

    public StatefulRedisConnection<String, String> connect() {
        try {
            return client.connect();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Redis at " + description + " is not reachable: " + rootMessage(e));
        }
    }

    public String describe() {
        return description;
    }

    /** The URI with any password replaced by {@code ***}, wherever lettuce would read one. */
    public static String redact(String uri) {
        return dev.fleetdeck.config.RedisUris.redact(uri);
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
    }
}
