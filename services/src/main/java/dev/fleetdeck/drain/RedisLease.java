package dev.fleetdeck.drain;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Leases in Redis: the key {@code fleetdeck:lease:drain:{agent}} holds {@code owner\nsinceMillis}
 * with a TTL. Taking, renewing and releasing are compare-and-set Lua scripts on the owner, so a
 * console whose lease expired and was taken by another can neither extend nor delete the new
 * holder's lease. A console that dies stops renewing and its lease expires after the TTL.
 *
 * <p>Renewal takes the lease again when the key is gone without another holder: a Sentinel
 * failover may promote a replica that never saw the latest renewal, or the key at all, and the
 * console running the drain must not stop because of that.
 */
public final class RedisLease implements Lease {
    // KEYS[1] lease; ARGV owner, ttl ms, since ms. Returns {1, value} when held by owner, {0, value} else.
    private static final String ACQUIRE = """
            local v = redis.call('GET', KEYS[1])
            if not v then
              v = ARGV[1] .. '\\n' .. ARGV[3]
              redis.call('SET', KEYS[1], v, 'PX', ARGV[2])
              return {1, v}
            end
            if string.match(v, '^[^\\n]*') == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {1, v}
            end
            return {0, v}
            """;
    private static final String RELEASE = """
            local v = redis.call('GET', KEYS[1])
            if v and string.match(v, '^[^\\n]*') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final String description;
    private final Clock clock;

    public RedisLease(StatefulRedisConnection<String, String> connection, String description) {
        this(connection, description, Clock.systemUTC());
    }

    public RedisLease(StatefulRedisConnection<String, String> connection, String description, Clock clock) {
        this.connection = connection;
        this.description = description;
        this.clock = clock;
    }

    static String key(String agent) {
        return "fleetdeck:lease:drain:" + agent;
    }

    @Override
    public Grant acquire(String agent, String owner, Duration ttl) {
        try {
            List<Object> r = take(agent, owner, ttl);
            Holder h = parse((String) r.get(1));
            // Taking it again as its holder renews it: a console resuming its own drain.
            return ((Long) r.get(0)) == 1 ? Grant.to(owner) : Grant.refusedBy(h.owner());
        } catch (RedisException e) {
            // Without Redis nobody can prove exclusivity: refuse rather than risk two drains.
            return Grant.refusedBy("unknown (Redis " + description + " unreachable: " + e.getMessage() + ")");
        }
    }

    @Override
    public Renewal renew(String agent, String owner, Duration ttl) {
        try {
            return ((Long) take(agent, owner, ttl).get(0)) == 1 ? Renewal.HELD : Renewal.LOST;
        } catch (RedisException e) {
            return Renewal.UNREACHABLE;
        }
    }

    private List<Object> take(String agent, String owner, Duration ttl) {
        return connection
                .sync()
                .eval(
                        ACQUIRE,
                        ScriptOutputType.MULTI,
                        new String[] {key(agent)},
                        owner,
                        Long.toString(ttl.toMillis()),
                        Long.toString(clock.millis()));
    }

    @Override
    public void release(String agent, String owner) {
        try {
            connection.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(agent)}, owner);
        } catch (RedisException e) {
            // it expires on its own after the TTL
        }
    }

    @Override
    public Optional<Holder> holding(String agent) {
        try {
            return Optional.ofNullable(connection.sync().get(key(agent))).map(RedisLease::parse);
        } catch (RedisException e) {
            return Optional.empty();
        }
    }

    private static Holder parse(String value) {
        int nl = value.indexOf('\n');
        if (nl < 0) {
            return new Holder(value, null); // written by an older console: the owner alone
        }
        try {
            return new Holder(
                    value.substring(0, nl),
                    Instant.ofEpochMilli(Long.parseLong(value.substring(nl + 1).strip())));
        } catch (NumberFormatException e) {
            return new Holder(value.substring(0, nl), null);
        }
    }

    @Override
    public String describe() {
        return "Redis leases at " + description;
    }
}
