package dev.fleetdeck.drain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.JournalTail;
import dev.fleetdeck.store.LockedFile;
import dev.fleetdeck.store.ReplicaAck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audit log with Redis: every entry goes to this machine's journal first (which every process
 * here appends to), then from there to the team's Redis stream. While Redis is away nothing is
 * lost: the journal keeps the entries, and the first process to reach Redis again replays every
 * line after the replicated offset. The offset is a {@link LockedFile} shared by the processes of
 * this machine, so they replay in turn and never go back; a replay cut short and repeated adds
 * nothing twice ({@link RedisAuditLog} keeps one copy per line). The offset moves only once a
 * replica has the lines, when the master has one: a failover loses no entry.
 */
public final class ReplicatedAuditLog implements AuditLog {
    private final JournalAuditLog journal;
    private final Path journalFile;
    private final LockedFile<Offset> offset;
    private final RedisAuditLog redis;
    private final ObjectMapper json;
    private final Consumer<String> problems;
    private volatile boolean redisUp = true;

    /** How far this machine's journal is in Redis. */
    public record Offset(long replicated) {}

    public ReplicatedAuditLog(Path journalFile, RedisAuditLog redis, ObjectMapper json, Consumer<String> problems)
            throws IOException {
        this.journal = new JournalAuditLog(journalFile, json);
        this.journalFile = journalFile;
        this.offset = new LockedFile<>(
                journalFile.resolveSibling(journalFile.getFileName() + ".replicated.json"),
                json,
                Offset.class,
                () -> new Offset(0),
                "audit replication offset");
        this.redis = redis;
        this.json = json;
        this.problems = problems;
    }

    @Override
    public void append(AuditEntry entry) throws IOException {
        journal.append(entry);
        replicate();
    }

    /** Whether the last contact with Redis worked. */
    public boolean redisUp() {
        return redisUp;
    }

    /**
     * Sends every journal line after the shared offset to Redis; returns how many were new there.
     * Safe from a timer and from any number of processes.
     */
    public int replicate() {
        try {
            int added = offset.withLock(current -> {
                int[] sent = {0};
                long end;
                try {
                    end = JournalTail.forEachLineAfter(journalFile, current.replicated(), (line, after) -> {
                        Instant time = timeOf(line);
                        if (time != null && redis.addLine(line, time)) {
                            sent[0]++;
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (end == current.replicated()) {
                    return new LockedFile.Outcome<>(current, 0);
                }
                ReplicaAck.await(redis.sync());
                return new LockedFile.Outcome<>(new Offset(end), sent[0]);
            });
            if (!redisUp) {
                problems.accept("Redis is back: " + added + " audit entries replayed from the journal " + journalFile);
            }
            redisUp = true;
            return added;
        } catch (IOException | UncheckedIOException e) {
            problems.accept("cannot replay the audit journal " + journalFile + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (redisUp) {
                problems.accept("Redis unavailable (" + e.getMessage() + "): audit entries stay in the journal "
                        + journalFile + " and are replayed when it returns");
            }
            redisUp = false;
        }
        return 0;
    }

    private Instant timeOf(String line) {
        try {
            return json.readValue(line, AuditEntry.class).time();
        } catch (IOException | RuntimeException torn) {
            return null; // not an entry: skipped, as the journal's readers skip it
        }
    }

    /** Every console's entries from Redis; this machine's from the journal while Redis is away. */
    @Override
    public List<AuditEntry> since(Instant since, int limit) throws IOException {
        replicate(); // what this machine wrote while Redis was away is in the answer once it is back
        if (redisUp) {
            try {
                return redis.since(since, limit);
            } catch (RuntimeException e) {
                redisUp = false;
            }
        }
        return journal.since(since, limit);
    }

    @Override
    public String describe() {
        return (redisUp ? redis.describe() : "journal (Redis down)") + " + " + journal.describe();
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
