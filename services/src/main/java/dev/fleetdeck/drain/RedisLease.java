package dev.fleetdeck.drain;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;

/**
 * Leases in Redis: {@code SET fleetdeck:lease:drain:{agent} owner NX PX ttl}; renewal and release
 * are compare-and-set Lua scripts, so a console whose lease expired and was taken by another can
 * neither extend nor delete the new holder's lease. A console that dies stops renewing and its
 * lease expires after the TTL.
 */
public final class RedisLease implements Lease {
    private static final String RENEW =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
    private static final String RELEASE =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private final StatefulRedisConnection<String, String> connection;
    private final String description;

    public RedisLease(StatefulRedisConnection<String, String> connection, String description) {
        this.connection = connection;
        this.description = description;
    }

    static String key(String agent) {
        return "fleetdeck:lease:drain:" + agent;
    }

    @Override
    public Grant acquire(String agent, String owner, Duration ttl) {
        try {
            String ok = connection.sync().set(key(agent), owner, SetArgs.Builder.nx().px(ttl.toMillis()));
            if ("OK".equals(ok)) {
                return Grant.to(owner);
            }
            // Taking it again as its holder renews it: a console resuming its own drain.
            if (renew(agent, owner, ttl)) {
                return Grant.to(owner);
            }
            return Grant.refusedBy(holder(agent).orElse("another console (lease just expired: try again)"));
        } catch (RedisException e) {
            // Without Redis nobody can prove exclusivity: refuse rather than risk two drains.
            return Grant.refusedBy("unknown (Redis " + description + " unreachable: " + e.getMessage() + ")");
        }
    }

    @Override
    public boolean renew(String agent, String owner, Duration ttl) {
        try {
            Long n = connection.sync().eval(RENEW, ScriptOutputType.INTEGER, new String[] {key(agent)},
                    owner, Long.toString(ttl.toMillis()));
            return n != null && n == 1;
        } catch (RedisException e) {
            return false;
        }
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
    public Optional<String> holder(String agent) {
        try {
            return Optional.ofNullable(connection.sync().get(key(agent)));
        } catch (RedisException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return "Redis leases at " + description;
    }
}
