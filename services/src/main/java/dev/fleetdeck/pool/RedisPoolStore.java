package dev.fleetdeck.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.RedisLink;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool store in Redis, for consoles on several machines: {@code fleetdeck:pool:ready} and
 * {@code fleetdeck:pool:claimed} are hashes by session id (JSON values), and a claim is one Lua
 * script that moves the first candidate still ready from one to the other, so two launches in two
 * processes never get the same container. Claims per day are {@code fleetdeck:pool:claims:DAY}.
 */
public final class RedisPoolStore implements PoolStore {
    static final String READY = "fleetdeck:pool:ready";
    static final String CLAIMED = "fleetdeck:pool:claimed";
    private static final long DAY_TTL_SECONDS = 3 * 24 * 3600;

    // ARGV: user, claim time (ISO text), ttl of the day's counts, then pairs of session id and pool key.
    private static final String CLAIM = """
            for i = 4, #ARGV, 2 do
              local e = redis.call('HGET', KEYS[1], ARGV[i])
              if e then
                redis.call('HDEL', KEYS[1], ARGV[i])
                redis.call('HSET', KEYS[2], ARGV[i],
                  '{"user":' .. cjson.encode(ARGV[1]) .. ',"at":' .. cjson.encode(ARGV[2]) .. ',"entry":' .. e .. '}')
                redis.call('HINCRBY', KEYS[3], ARGV[i + 1], 1)
                redis.call('EXPIRE', KEYS[3], ARGV[3])
                return e
              end
            end
            return false
            """;

    private final RedisLink redis;
    private final ObjectMapper json;

    public RedisPoolStore(RedisLink redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    private static String dayKey(LocalDate day) {
        return "fleetdeck:pool:claims:" + day;
    }

    @Override
    public List<PoolEntry> ready() throws IOException {
        Map<String, String> all = call(() -> redis.sync().hgetall(READY));
        List<PoolEntry> out = new ArrayList<>(all.size());
        for (String v : all.values()) {
            out.add(parse(v, PoolEntry.class));
        }
        return out;
    }

    @Override
    public void add(PoolEntry entry) throws IOException {
        String v = json.writeValueAsString(entry);
        call(() -> redis.sync().hset(READY, entry.sessionId(), v));
    }

    @Override
    public Optional<PoolEntry> claim(List<PoolEntry> candidates, String user, Instant at) throws IOException {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<String> args = new ArrayList<>(List.of(user, at.toString(), Long.toString(DAY_TTL_SECONDS)));
        for (PoolEntry c : candidates) {
            args.add(c.sessionId());
            args.add(c.key());
        }
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        String taken = call(() -> redis.sync()
                .eval(
                        CLAIM,
                        ScriptOutputType.VALUE,
                        new String[] {READY, CLAIMED, dayKey(day)},
                        args.toArray(String[]::new)));
        return taken == null ? Optional.empty() : Optional.of(parse(taken, PoolEntry.class));
    }

    @Override
    public boolean withdraw(String sessionId) throws IOException {
        Long n = call(() -> redis.sync().hdel(READY, sessionId));
        return n != null && n == 1;
    }

    @Override
    public Map<String, PoolClaim> claims() throws IOException {
        Map<String, String> all = call(() -> redis.sync().hgetall(CLAIMED));
        Map<String, PoolClaim> out = new HashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            out.put(e.getKey(), parse(e.getValue(), PoolClaim.class));
        }
        return out;
    }

    @Override
    public void forget(String sessionId) throws IOException {
        call(() -> redis.sync().hdel(CLAIMED, sessionId));
    }

    @Override
    public Map<String, Integer> claimedOn(LocalDate day) throws IOException {
        Map<String, String> all = call(() -> redis.sync().hgetall(dayKey(day)));
        Map<String, Integer> out = new HashMap<>();
        all.forEach((k, v) -> out.put(k, Integer.parseInt(v)));
        return out;
    }

    @Override
    public String describe() {
        return "Redis " + redis.describe();
    }

    private <T> T parse(String text, Class<T> type) throws IOException {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IOException(
                    "a staging pool entry in " + describe() + " is not readable JSON: " + e.getOriginalMessage(), e);
        }
    }

    private interface RedisCall<T> {
        T run();
    }

    private <T> T call(RedisCall<T> c) throws IOException {
        try {
            return c.run();
        } catch (RedisException | IllegalStateException e) {
            throw new IOException("the staging pools in " + describe() + " are unreachable: " + e.getMessage(), e);
        }
    }
}
