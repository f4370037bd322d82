package dev.fleetdeck.launch;

import dev.fleetdeck.cache.CacheCounter;
import dev.fleetdeck.cache.CacheCounts;
import dev.fleetdeck.store.RedisLink;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The quota cache in Redis, {@code quota:{userId}} with a TTL, shared by every console. Each
 * change is one Lua script, so two consoles launching for one user cannot both slip under the
 * limit. When Redis is unavailable every lookup is a miss: the launch counts live sessions.
 */
public final class RedisQuotaCache implements QuotaCache {
    private static final String ADD_IF_PRESENT =
            "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end return false";
    private static final String INIT_AND_ADD =
            "redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[3]) return redis.call('INCRBY', KEYS[1], ARGV[2])";
    private static final String RELEASE =
            "local v = tonumber(redis.call('GET', KEYS[1]) or '0') if v > 0 then return redis.call('DECR', KEYS[1]) end return 0";

    private final RedisLink connection;
    private final Duration ttl;
    private final Consumer<String> problems;
    private final CacheCounter counter = new CacheCounter();

    public RedisQuotaCache(RedisLink connection, Duration ttl, Consumer<String> problems) {
        this.connection = connection;
        this.ttl = ttl;
        this.problems = problems;
    }

    static String key(String user) {
        return "quota:" + user;
    }

    @Override
    public String name() {
        return "quota (Redis)";
    }

    @Override
    public CacheCounts counts() {
        return counter.snapshot();
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    @Override
    public OptionalLong addIfPresent(String user, long delta) {
        long t0 = System.nanoTime();
        try {
            Long v = redis().eval(
                            ADD_IF_PRESENT, ScriptOutputType.INTEGER, new String[] {key(user)}, Long.toString(delta));
            if (v == null) {
                counter.miss(System.nanoTime() - t0);
                return OptionalLong.empty();
            }
            counter.hit(System.nanoTime() - t0);
            return OptionalLong.of(v);
        } catch (RuntimeException e) {
            problems.accept("quota cache: Redis unavailable, counting live sessions instead (" + e.getMessage() + ")");
            counter.miss(System.nanoTime() - t0);
            return OptionalLong.empty();
        }
    }

    @Override
    public long initAndAdd(String user, long counted, long delta) {
        try {
            Long v = redis().eval(
                            INIT_AND_ADD,
                            ScriptOutputType.INTEGER,
                            new String[] {key(user)},
                            Long.toString(counted),
                            Long.toString(delta),
                            Long.toString(Math.max(1, ttl.toSeconds())));
            return v == null ? counted + delta : v;
        } catch (RuntimeException e) {
            return counted + delta;
        }
    }

    @Override
    public void release(String user) {
        try {
            redis().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(user)});
        } catch (RuntimeException e) {
            // the key expires within the TTL anyway
        }
    }

    @Override
    public void invalidate(String user) {
        try {
            redis().del(key(user));
        } catch (RuntimeException e) {
            // the key expires within the TTL anyway
        }
    }
}
