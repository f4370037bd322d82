package dev.fleetdeck.cache;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Reads the Redis server's {@code INFO} now and then, and tells its hit rate over the last
 * interval (the delta between two readings) as well as since the server started. A Redis that
 * goes away shows as unavailable with the reason, and comes back by itself.
 */
public final class RedisServerMonitor {
    private final Supplier<StatefulRedisConnection<String, String>> connect;
    private final String description;
    private StatefulRedisConnection<String, String> connection;
    private RedisInfo previous;

    /** What one reading found. {@code info} is null when Redis was unavailable. */
    public record Reading(Instant at, RedisInfo info, double intervalHitRate, String error) {
        public boolean available() {
            return info != null;
        }
    }

    public RedisServerMonitor(Supplier<StatefulRedisConnection<String, String>> connect, String description) {
        this.connect = connect;
        this.description = description;
    }

    public synchronized Reading read() {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = connect.get();
            }
            RedisInfo info = RedisInfo.parse(connection.sync().info("all"));
            double interval = previous == null ? Double.NaN : info.hitRateSince(previous);
            previous = info;
            return new Reading(Instant.now(), info, interval, null);
        } catch (RuntimeException e) {
            closeConnection();
            previous = null;
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Reading(Instant.now(), null, Double.NaN, "Redis at " + description + " unavailable: " + why);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
            connection = null;
        }
    }

    public synchronized void close() {
        closeConnection();
    }
}
