package dev.fleetdeck.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.startup.StartupRecord;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Startup records shared by every console of a team: a sorted set scored by provisioning start,
 * one member per record's JSON line. Adding the same line twice keeps one member, so replaying a
 * journal after an outage can never duplicate a record.
 */
public final class RedisStartupStore {
    public static final String KEY = "fleetdeck:startups";
    private static final int PAGE = 1000;

    private final RedisLink connection;
    private final ObjectMapper json;

    public RedisStartupStore(RedisLink connection, ObjectMapper json) {
        this.connection = connection;
        this.json = json;
    }

    /** Adds one record given as its JSON line; returns false when it was there already. */
    public boolean addLine(long startedAtMillis, String jsonLine) {
        return connection.sync().zadd(KEY, (double) startedAtMillis, jsonLine) == 1;
    }

    /** Waits until a replica has what was added, when the master has replicas ({@link ReplicaAck}). */
    public void awaitReplica() {
        ReplicaAck.await(connection.sync());
    }

    public long count() {
        return connection.sync().zcard(KEY);
    }

    public void forEachSince(Instant since, Consumer<StartupRecord> consumer) throws IOException {
        long offset = 0;
        while (true) {
            List<String> page = connection.sync().zrangebyscore(KEY,
                    Range.create((double) since.toEpochMilli(), Double.POSITIVE_INFINITY), Limit.create(offset, PAGE));
            for (String line : page) {
                try {
                    consumer.accept(json.readValue(line, StartupRecord.class));
                } catch (IOException unreadable) {
                    // a record written by a newer console in a shape we cannot read: skip it
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            offset += PAGE;
        }
    }
}
