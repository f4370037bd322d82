package dev.fleetdeck.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Records go to the local journal first, always, and from there to Redis. The journal is the
 * truth of this console: a Redis that is down loses nothing, and when it comes back every line
 * after the replicated offset is replayed (Redis keeps one copy of a line however often it is
 * sent, so a replay cut short and repeated duplicates nothing). Reads come from Redis, where the
 * whole team's launches are, and from the journal while Redis is away.
 */
public final class ReplicatedStartupStore implements StartupStore {
    private final JournalStartupStore journal;
    private final Path journalFile;
    private final Path offsetFile;
    private final RedisStartupStore redis;
    private final StartupRecordCodec codec = new StartupRecordCodec();
    private final Consumer<String> problems;
    private volatile boolean redisUp = true;
    /** Whether the last read came from the journal alone because Redis did not answer. */
    private volatile boolean lastReadLocal;

    public ReplicatedStartupStore(
            Path journalFile, RedisStartupStore redis, ObjectMapper json, Consumer<String> problems)
            throws IOException {
        this.journalFile = journalFile;
        this.offsetFile = journalFile.resolveSibling(journalFile.getFileName() + ".replicated");
        this.journal = new JournalStartupStore(journalFile, json, problems);
        this.redis = redis;
        this.problems = problems;
    }

    @Override
    public void append(StartupRecord record) throws IOException {
        String line = codec.encode(record);
        try {
            journal.appendLine(line);
        } catch (IOException full) {
            // The disk is full: the line waits in memory for the journal, and goes to Redis now, so
            // the team's store has it whatever becomes of this process. Written to the journal
            // later, the same line replicates to the same member: no duplicate.
            if (!sendNow(record, line)) {
                throw full;
            }
            problems.accept(full.getMessage() + "; in Redis meanwhile");
            return;
        }
        replicate();
    }

    private boolean sendNow(StartupRecord record, String line) {
        if (record.performance().provisioningStartedAt() == null) {
            return false;
        }
        try {
            redis.addLine(record.performance().provisioningStartedAt().toEpochMilli(), line);
            redis.awaitReplica();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the last contact with Redis worked. */
    public boolean redisUp() {
        return redisUp;
    }

    /**
     * Sends every journal line after the replicated offset to Redis; returns how many were sent.
     * Safe to call at any time and from a timer: one replication at a time.
     */
    public synchronized int replicate() {
        try {
            journal.writeUnwritten();
        } catch (IOException stillFull) {
            // they wait in memory (and are in Redis); the next round tries again
        }
        long offset = readOffset();
        int[] sent = {0};
        try {
            long end = JournalTail.forEachLineAfter(journalFile, offset, (line, after) -> {
                if (line.isBlank()) {
                    return;
                }
                StartupRecord r = codec.decode(
                        line,
                        0,
                        p -> problems.accept("startup journal " + journalFile + " before byte " + after
                                + ": not sent to Redis: " + p.message()));
                if (r != null && r.performance().provisioningStartedAt() != null) {
                    // The journal's own bytes go over, not a re-encoding: a replay adds the same member.
                    redis.addLine(r.performance().provisioningStartedAt().toEpochMilli(), line);
                    sent[0]++;
                }
            });
            if (end != offset) {
                // Only what a replica has is safe from a failover: until then the lines are sent again.
                redis.awaitReplica();
                writeOffset(end);
            }
            if (!redisUp) {
                problems.accept("Redis is back: " + sent[0] + " startup records replayed from the journal");
            }
            redisUp = true;
        } catch (IOException e) {
            problems.accept("cannot read the startup journal " + journalFile + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (redisUp) {
                problems.accept("Redis unavailable (" + e.getMessage() + "): startup records stay in the journal "
                        + journalFile + " and are replayed when it returns");
            }
            redisUp = false;
        }
        return sent[0];
    }

    private long readOffset() {
        try {
            return Long.parseLong(Files.readString(offsetFile).trim());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            // An unreadable offset replays everything: harmless, Redis keeps one copy per line.
            return 0;
        }
    }

    private void writeOffset(long offset) throws IOException {
        Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(offset));
        Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void forEachSince(Instant since, Consumer<StartupRecord> consumer, Consumer<RecordProblem> problems)
            throws IOException {
        replicate(); // records this machine wrote while Redis was away are in the answer once it is back
        if (redisUp) {
            boolean[] handedOn = {false};
            try {
                redis.forEachSince(
                        since,
                        r -> {
                            handedOn[0] = true;
                            consumer.accept(r);
                        },
                        problems);
                lastReadLocal = false;
                return;
            } catch (RuntimeException e) {
                redisUp = false;
                if (handedOn[0]) {
                    // Falling back now would count the records already handed on twice.
                    throw new IOException(
                            "Redis stopped answering part-way through the startup records (" + e.getMessage()
                                    + "); try again",
                            e);
                }
                this.problems.accept("Redis unavailable (" + e.getMessage() + "): reading the local journal "
                        + journalFile + " instead; teammates' launches may be missing");
            }
        }
        lastReadLocal = true;
        journal.forEachSince(since, consumer, problems);
    }

    @Override
    public void forEachSince(Instant since, Consumer<StartupRecord> consumer) throws IOException {
        forEachSince(since, consumer, p -> problems.accept(p.toString()));
    }

    @Override
    public Optional<String> caveat() {
        return lastReadLocal
                ? Optional.of("Redis unreachable: read this workstation's journal " + journalFile
                        + " only; teammates' launches may be missing")
                : Optional.empty();
    }

    @Override
    public String describe() {
        return (redisUp ? "Redis (" + RedisStartupStore.KEY + ")" : "journal (Redis down)") + " + "
                + journal.describe();
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
