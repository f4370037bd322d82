package dev.fleetdeck.store;

import dev.fleetdeck.startup.LineProblem;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Startup records shared by every console of a team: a sorted set scored by provisioning start,
 * one member per record's JSON line (as {@link StartupRecordCodec} writes it). Adding the same line
 * twice keeps one member, so replaying a journal after an outage can never duplicate a record.
 */
public final class RedisStartupStore {
    public static final String KEY = "fleetdeck:startups";
    private static final int PAGE = 1000;

    private final RedisLink connection;
    private final StartupRecordCodec codec;

    public RedisStartupStore(RedisLink connection, StartupRecordCodec codec) {
        this.connection = connection;
        this.codec = codec;
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

    /**
     * Every member scored at or after {@code since}, oldest first. A member that is not a readable
     * launch (written by a newer console, or by hand) is told to {@code problems} with its rank in
     * the set, 1-based, so {@code ZRANGE fleetdeck:startups N-1 N-1} shows it.
     */
    public void forEachSince(Instant since, Consumer<StartupRecord> consumer, Consumer<RecordProblem> problems) {
        double from = since.toEpochMilli();
        long before = connection.sync().zcount(KEY, Range.create(Double.NEGATIVE_INFINITY, Math.nextDown(from)));
        String source = "redis " + KEY;
        long offset = 0;
        while (true) {
            List<String> page = connection
                    .sync()
                    .zrangebyscore(KEY, Range.create(from, Double.POSITIVE_INFINITY), Limit.create(offset, PAGE));
            for (int i = 0; i < page.size(); i++) {
                StartupRecord r = codec.decode(
                        page.get(i),
                        before + offset + i + 1,
                        (LineProblem p) -> problems.accept(RecordProblem.of(source, p)));
                if (r != null) {
                    consumer.accept(r);
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            offset += PAGE;
        }
    }
}
