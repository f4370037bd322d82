package dev.fleetdeck.cache;

import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisPersistence;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
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
    private final Clock clock;
    private StatefulRedisConnection<String, String> connection;
    private RedisInfo previous;
    // Asked once per connection: a failover to another server may bring another configuration.
    private RedisPersistence persistence;

    /**
     * What one reading found. {@code info} is null when Redis was unavailable.
     *
     * @param server          where the Redis is, its password left out
     * @param intervalHitRate hit rate since the previous reading, 0..1; NaN for the first reading,
     *                        after an outage or restart, and when nothing was looked up between
     * @param persistence     whether the server keeps anything on disk; null when unavailable
     */
    public record Reading(
            Instant at,
            String server,
            RedisInfo info,
            double intervalHitRate,
            String error,
            RedisPersistence persistence) {
        public Reading(Instant at, String server, RedisInfo info, double intervalHitRate, String error) {
            this(at, server, info, intervalHitRate, error, null);
        }

        public boolean available() {
            return info != null;
        }
    }

    /** @param description where the Redis is, for messages: never with its password */
    public RedisServerMonitor(
            Supplier<StatefulRedisConnection<String, String>> connect, String description, Clock clock) {
        this.connect = connect;
        this.description = description;
        this.clock = clock;
    }

    /** A monitor with a connection of its own from the connector (INFO must not queue behind the quota scripts). */
    public static RedisServerMonitor of(RedisConnector connector, Clock clock) {
        return new RedisServerMonitor(connector::connect, connector.describe(), clock);
    }

    public String description() {
        return description;
    }

    public synchronized Reading read() {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = connect.get();
                persistence = null;
            }
            if (persistence == null) {
                persistence = RedisPersistence.of(connection.sync());
            }
            // The default sections (server, clients, memory, stats...) hold every figure, on Redis 5 too.
            RedisInfo info = RedisInfo.parse(connection.sync().info());
            double interval = previous == null ? Double.NaN : info.hitRateSince(previous);
            previous = info;
            return new Reading(clock.instant(), description, info, interval, null, persistence);
        } catch (RuntimeException e) {
            closeConnection();
            previous = null;
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Reading(clock.instant(), description, null, Double.NaN, why);
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
