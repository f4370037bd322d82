package dev.fleetdeck.drain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.store.ReplicaAck;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The audit log of every console of a team: a Redis stream ({@code fleetdeck:audit}) trimmed to
 * about {@link #MAX_LENGTH} entries ({@code XADD MAXLEN ~}). Each entry is its journal line; a set
 * of the lines' hashes ({@code fleetdeck:audit:seen}, trimmed alongside) makes adding one line twice
 * a no-op, so a journal replayed after an outage, by any number of processes, adds each entry once.
 */
public final class RedisAuditLog {
    public static final String STREAM = "fleetdeck:audit";
    static final String SEEN = "fleetdeck:audit:seen";
    public static final int MAX_LENGTH = 10_000;
    // KEYS stream, seen; ARGV line, max length, time ms. 1 when added, 0 when it was there.
    private static final String ADD = """
            local id = redis.sha1hex(ARGV[1])
            if redis.call('ZADD', KEYS[2], 'NX', ARGV[3], id) == 0 then return 0 end
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'entry', ARGV[1])
            local extra = redis.call('ZCARD', KEYS[2]) - 2 * tonumber(ARGV[2])
            if extra > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, extra - 1) end
            return 1
            """;

    private final RedisLink redis;
    private final ObjectMapper json;

    public RedisAuditLog(RedisLink redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** Adds one entry given as its journal line; false when that line was added before. */
    public boolean addLine(String line, Instant time) {
        Long n = redis.sync()
                .eval(
                        ADD,
                        ScriptOutputType.INTEGER,
                        new String[] {STREAM, SEEN},
                        line,
                        Integer.toString(MAX_LENGTH),
                        Long.toString(time.toEpochMilli()));
        return n != null && n == 1;
    }

    /** Entries at or after {@code since}, oldest first (by their time, not their arrival), the newest {@code limit}. */
    public List<AuditEntry> since(Instant since, int limit) {
        List<AuditEntry> entries = new ArrayList<>();
        // The newest by arrival, with room for entries replayed late (they arrive after newer ones):
        // a view refreshing on every drain step must not read ten thousand entries each time.
        Limit window = Limit.from(Math.min(MAX_LENGTH, 2L * limit + 100));
        for (StreamMessage<String, String> m : redis.sync().xrevrange(STREAM, Range.create("-", "+"), window)) {
            String line = m.getBody().get("entry");
            if (line == null) {
                continue;
            }
            try {
                AuditEntry e = json.readValue(line, AuditEntry.class);
                if (!e.time().isBefore(since)) {
                    entries.add(e);
                }
            } catch (IOException unreadable) {
                // written by a newer console in a shape we cannot read: skip it
            }
        }
        // Replayed entries arrive late: order by when they happened.
        entries.sort(Comparator.comparing(AuditEntry::time));
        return entries.size() <= limit
                ? entries
                : new ArrayList<>(entries.subList(entries.size() - limit, entries.size()));
    }

    /** For {@link ReplicaAck}: the commands of the same link. */
    RedisCommands<String, String> sync() {
        return redis.sync();
    }

    public String describe() {
        return "Redis stream " + STREAM + " at " + redis.describe();
    }
}
