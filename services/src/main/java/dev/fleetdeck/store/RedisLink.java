package dev.fleetdeck.store;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.function.LongSupplier;

/**
 * The console's one connection to Redis, made when first needed and made again after a failure,
 * at most every {@code retryMillis}: a Redis that is down at start-up or goes away later costs a
 * fast failure per call, never a hang, and is picked up again when it returns. Lettuce reconnects
 * an established connection by itself; this covers the connection that never was.
 */
public final class RedisLink implements AutoCloseable {
    private final RedisConnector connector;
    private final LongSupplier millis;
    private final long retryMillis;
    private StatefulRedisConnection<String, String> connection;
    private long lastAttempt = Long.MIN_VALUE / 2;
    private String lastError = "not connected yet";

    public RedisLink(RedisConnector connector, LongSupplier millis, long retryMillis) {
        this.connector = connector;
        this.millis = millis;
        this.retryMillis = retryMillis;
    }

    /** The open connection; throws {@link IllegalStateException} naming the reason when Redis is away. */
    public synchronized StatefulRedisConnection<String, String> connection() {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        long now = millis.getAsLong();
        if (now - lastAttempt < retryMillis) {
            throw new IllegalStateException(lastError);
        }
        lastAttempt = now;
        try {
            connection = connector.connect();
            return connection;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            throw new IllegalStateException(lastError);
        }
    }

    public RedisCommands<String, String> sync() {
        return connection().sync();
    }

    /** Where the link connects, for connections of another kind (pub/sub). */
    public RedisConnector connector() {
        return connector;
    }

    public String describe() {
        return connector.describe();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // going away anyway
            }
        }
        connector.close();
    }
}
