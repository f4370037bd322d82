package dev.fleetdeck.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;

/**
 * What the consoles and the keeper of this machine saw of their agents, in one SQLite file under
 * the data folder. Every sample is added at once to one bucket of each {@link HistoryRange}
 * (sums and peaks, so averages stay weighted by samples), and buckets older than their range are
 * deleted: the file holds at most {@code sum of HistoryRange.points()} rows per agent and
 * workspace type, whatever the uptime.
 *
 * <p>Several processes write the same file: SQLite's own locking serialises them (WAL journal,
 * each write one {@code BEGIN IMMEDIATE} transaction, a busy timeout instead of an error), and
 * two consoles watching one agent add their samples to the same buckets, which only makes the
 * averages better sampled.
 */
public final class LocalHistoryStore implements AutoCloseable {
    /** How long a writer waits for another process's transaction before giving up on a sample. */
    static final int BUSY_TIMEOUT_MS = 5000;

    private static final long PRUNE_EVERY_SECONDS = 60;
    private static final int JOURNAL_LIMIT_BYTES = 1 << 20;
    private static final int OPEN_ATTEMPTS = 6;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private final Connection db;
    private final Path file;
    private long prunedAt;

    /** Opens (and creates) the store in {@code file}. */
    public static LocalHistoryStore open(Path file) throws SQLException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        // Processes started together (a keeper and commands) may find the file being created:
        // its first opener holds it for a moment to switch it to WAL. Waiting is the cure.
        SQLException busy = null;
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            try {
                return new LocalHistoryStore("jdbc:sqlite:" + file.toAbsolutePath(), file);
            } catch (SQLException e) {
                int primary =
                        e.getErrorCode() & 0xff; // extended codes (BUSY_RECOVERY, …) keep the primary in the low byte
                if (primary != SQLITE_BUSY && primary != SQLITE_LOCKED) {
                    throw e;
                }
                busy = e;
                try {
                    Thread.sleep(100L << attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw busy;
    }

    /** A store of this process only, gone when closed (the demo's: simulated figures never reach a file). */
    public static LocalHistoryStore inMemory() throws SQLException {
        return new LocalHistoryStore("jdbc:sqlite::memory:", null);
    }

    private LocalHistoryStore(String url, Path file) throws SQLException {
        this.file = file;
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // The journal is checkpointed into the file every 1,000 pages; past that it is cut back, so it stays bounded
        // too.
        config.setJournalSizeLimit(JOURNAL_LIMIT_BYTES);
        // Take the write lock when the transaction starts: two writers never deadlock upgrading a read lock.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        this.db = config.createConnection(url);
        try {
            prepare();
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    private void prepare() throws SQLException {
        try (Statement s = db.createStatement()) {
            // The busy timeout first, so switching the journal waits for another opener instead of failing;
            // WAL is the file's own setting: the first opener switches it, later ones find it switched.
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS agent_buckets (
                      tier INTEGER NOT NULL, agent TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL,
                      host_n INTEGER NOT NULL, host_cpu_sum REAL NOT NULL, host_cpu_max REAL NOT NULL,
                      host_mem_sum REAL NOT NULL, host_mem_max REAL NOT NULL, host_mem_total INTEGER NOT NULL,
                      cpu_sum REAL NOT NULL, mem_sum REAL NOT NULL, mem_max REAL NOT NULL, sessions_max INTEGER NOT NULL,
                      PRIMARY KEY (tier, agent, bucket)) WITHOUT ROWID""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS type_buckets (
                      tier INTEGER NOT NULL, agent TEXT NOT NULL, type TEXT NOT NULL, bucket INTEGER NOT NULL,
                      sessions_sum INTEGER NOT NULL, cpu_sum REAL NOT NULL, mem_sum REAL NOT NULL,
                      cpu_per_session_max REAL NOT NULL, mem_per_session_max REAL NOT NULL,
                      PRIMARY KEY (tier, agent, type, bucket)) WITHOUT ROWID""");
        }
        // Autocommit between writes: with it off, the driver begins the next transaction at once and,
        // being IMMEDIATE, would hold the write lock against every other process until the next write.
    }

    /** Adds one refresh's samples, in one transaction. */
    public void record(Collection<HostSample> samples) throws SQLException {
        Instant newest =
                samples.stream().map(HostSample::at).max(Instant::compareTo).orElse(Instant.EPOCH);
        record(samples, newest);
    }

    /**
     * Adds samples taken up to {@code now}, in one transaction; a sample older than a range's span
     * goes only to the longer ranges (a generated month need not fill the hour's buckets).
     */
    public synchronized void record(Collection<HostSample> samples, Instant now) throws SQLException {
        if (samples.isEmpty()) {
            return;
        }
        db.setAutoCommit(false); // BEGIN IMMEDIATE: this process's turn to write
        boolean done = false;
        try (PreparedStatement agent = db.prepareStatement("""
                INSERT INTO agent_buckets VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tier, agent, bucket) DO UPDATE SET n = n + 1, host_n = host_n + excluded.host_n,
                  host_cpu_sum = host_cpu_sum + excluded.host_cpu_sum, host_cpu_max = max(host_cpu_max, excluded.host_cpu_max),
                  host_mem_sum = host_mem_sum + excluded.host_mem_sum, host_mem_max = max(host_mem_max, excluded.host_mem_max),
                  host_mem_total = max(host_mem_total, excluded.host_mem_total), cpu_sum = cpu_sum + excluded.cpu_sum,
                  mem_sum = mem_sum + excluded.mem_sum, mem_max = max(mem_max, excluded.mem_max),
                  sessions_max = max(sessions_max, excluded.sessions_max)""");
                PreparedStatement type = db.prepareStatement("""
                INSERT INTO type_buckets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tier, agent, type, bucket) DO UPDATE SET sessions_sum = sessions_sum + excluded.sessions_sum,
                  cpu_sum = cpu_sum + excluded.cpu_sum, mem_sum = mem_sum + excluded.mem_sum,
                  cpu_per_session_max = max(cpu_per_session_max, excluded.cpu_per_session_max),
                  mem_per_session_max = max(mem_per_session_max, excluded.mem_per_session_max)""")) {
            for (HostSample s : samples) {
                boolean host = s.hostKnown();
                double hostMem = host ? s.hostMemUsedBytes() * 100.0 / s.hostMemTotalBytes() : 0;
                double mem = s.memTotalBytes() <= 0 ? 0 : s.memUsedBytes() * 100.0 / s.memTotalBytes();
                for (HistoryRange range : HistoryRange.values()) {
                    if (s.at().isBefore(now.minus(range.span()))) {
                        continue;
                    }
                    long bucket = bucket(s.at(), range);
                    agent.setInt(1, range.code());
                    agent.setString(2, s.agent());
                    agent.setLong(3, bucket);
                    agent.setInt(4, host ? 1 : 0);
                    agent.setDouble(5, host ? s.hostCpuPercent() : 0);
                    agent.setDouble(6, host ? s.hostCpuPercent() : -1);
                    agent.setDouble(7, hostMem);
                    agent.setDouble(8, host ? hostMem : -1);
                    agent.setLong(9, s.hostMemTotalBytes());
                    agent.setDouble(10, s.cpuPercent());
                    agent.setDouble(11, mem);
                    agent.setDouble(12, mem);
                    agent.setInt(13, s.sessions());
                    agent.addBatch();
                    for (Map.Entry<String, HostSample.TypeUse> t : s.byType().entrySet()) {
                        HostSample.TypeUse use = t.getValue();
                        type.setInt(1, range.code());
                        type.setString(2, s.agent());
                        type.setString(3, t.getKey());
                        type.setLong(4, bucket);
                        type.setInt(5, use.sessions());
                        type.setDouble(6, use.cpuCores());
                        type.setDouble(7, (double) use.memUsedBytes());
                        type.setDouble(8, use.cpuCores() / use.sessions());
                        type.setDouble(9, (double) use.memUsedBytes() / use.sessions());
                        type.addBatch();
                    }
                }
            }
            agent.executeBatch();
            type.executeBatch();
            pruneNow(now);
            done = true;
        } finally {
            if (!done) {
                rollbackQuietly();
            }
            // Commits what is left (the batch, or nothing after a rollback) and leaves no transaction open.
            db.setAutoCommit(true);
        }
    }

    private void pruneNow(Instant now) throws SQLException {
        long seconds = now.getEpochSecond();
        if (seconds - prunedAt < PRUNE_EVERY_SECONDS) {
            return;
        }
        prunedAt = seconds;
        try (PreparedStatement agents = db.prepareStatement("DELETE FROM agent_buckets WHERE tier = ? AND bucket < ?");
                PreparedStatement types =
                        db.prepareStatement("DELETE FROM type_buckets WHERE tier = ? AND bucket < ?")) {
            for (HistoryRange range : HistoryRange.values()) {
                // One bucket beyond the span: the oldest point of a full range is still whole.
                long oldest =
                        bucket(now.minus(range.span()), range) - range.step().toSeconds();
                for (PreparedStatement p : List.of(agents, types)) {
                    p.setInt(1, range.code());
                    p.setLong(2, oldest);
                    p.executeUpdate();
                }
            }
        }
    }

    /** Each agent's points at the resolution of {@code range} from {@code from} on, oldest first; agents with none are absent. */
    public synchronized Map<String, List<HistoryPoint>> points(
            Collection<String> agents, HistoryRange range, Instant from) throws SQLException {
        Map<String, List<HistoryPoint>> out = new LinkedHashMap<>();
        if (agents.isEmpty()) {
            return out;
        }
        String in = String.join(",", agents.stream().map(a -> "?").toList());
        try (PreparedStatement q = db.prepareStatement("SELECT agent, bucket, n, host_n, host_cpu_sum, host_cpu_max,"
                + " host_mem_sum, host_mem_max, host_mem_total, cpu_sum, mem_sum, mem_max, sessions_max FROM agent_buckets"
                + " WHERE tier = ? AND bucket >= ? AND agent IN (" + in + ") ORDER BY agent, bucket")) {
            q.setInt(1, range.code());
            q.setLong(2, bucket(from, range));
            int i = 3;
            for (String a : agents) {
                q.setString(i++, a);
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    int n = r.getInt(3);
                    int hostN = r.getInt(4);
                    boolean host = hostN > 0;
                    out.computeIfAbsent(r.getString(1), a -> new ArrayList<>())
                            .add(new HistoryPoint(
                                    Instant.ofEpochSecond(r.getLong(2)),
                                    host ? r.getDouble(5) / hostN : Double.NaN,
                                    host ? r.getDouble(6) : Double.NaN,
                                    host ? r.getDouble(7) / hostN : Double.NaN,
                                    host ? r.getDouble(8) : Double.NaN,
                                    r.getLong(9),
                                    r.getDouble(10) / n,
                                    r.getDouble(11) / n,
                                    r.getDouble(12),
                                    r.getInt(13)));
                }
            }
        }
        return out;
    }

    /** What the sessions of each workspace type used on one agent, at the resolution of {@code range}, since {@code from}. */
    public synchronized Map<String, TypeFigures> typeFigures(String agent, HistoryRange range, Instant from)
            throws SQLException {
        Map<String, TypeFigures> out = new TreeMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT type, sum(sessions_sum), sum(cpu_sum), sum(mem_sum),"
                + " max(cpu_per_session_max), max(mem_per_session_max) FROM type_buckets"
                + " WHERE tier = ? AND agent = ? AND bucket >= ? GROUP BY type")) {
            q.setInt(1, range.code());
            q.setString(2, agent);
            q.setLong(3, bucket(from, range));
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    long sessions = r.getLong(2);
                    out.put(
                            r.getString(1),
                            new TypeFigures(
                                    sessions,
                                    r.getDouble(3) / sessions,
                                    r.getDouble(4) / sessions,
                                    r.getDouble(5),
                                    r.getDouble(6)));
                }
            }
        }
        return out;
    }

    /**
     * What one type's sessions used, over every sample that had one.
     *
     * @param sessionSamples sessions counted over all samples (one session seen in ten refreshes counts ten)
     */
    public record TypeFigures(
            long sessionSamples,
            double cpuCoresPerSession,
            double memBytesPerSession,
            double cpuCoresPerSessionPeak,
            double memBytesPerSessionPeak) {}

    /** The file and its journal together, in bytes; 0 in memory. */
    public long sizeOnDisk() {
        if (file == null) {
            return 0;
        }
        long size = 0;
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path p = file.resolveSibling(file.getFileName() + suffix);
            try {
                size += Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException ignored) {
                // gone between the check and the size: counts nothing
            }
        }
        return size;
    }

    /** Where it lives, or {@code null} in memory. */
    public Path file() {
        return file;
    }

    static long bucket(Instant at, HistoryRange range) {
        long step = range.step().toSeconds();
        return Math.floorDiv(at.getEpochSecond(), step) * step;
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone with the failure that is already being reported
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing is best effort at exit; every write was committed
        }
    }
}
