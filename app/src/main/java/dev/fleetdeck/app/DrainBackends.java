package dev.fleetdeck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.RedisConfig;
import dev.fleetdeck.drain.AuditLog;
import dev.fleetdeck.drain.DrainStore;
import dev.fleetdeck.drain.FileLease;
import dev.fleetdeck.drain.JournalAuditLog;
import dev.fleetdeck.drain.JournalDrainStore;
import dev.fleetdeck.drain.Lease;
import dev.fleetdeck.drain.RedisAuditLog;
import dev.fleetdeck.drain.RedisDrainStore;
import dev.fleetdeck.drain.RedisLease;
import dev.fleetdeck.drain.ReplicatedAuditLog;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where drain state, leases and the audit log live: Redis when the configuration names one (all
 * consoles share them), else files under the data directory (consoles of this machine share
 * them). The audit log is always written to this machine's journal first. The demo fleet keeps files of its own, so a demo drain never touches a real one.
 */
public record DrainBackends(
        DrainStore store,
        Lease lease,
        AuditLog audit,
        Optional<RedisConnector> redis,
        Optional<StatefulRedisConnection<String, String>> connection)
        implements AutoCloseable {

    /** Without a Redis link for the audit log: tests and the bench. */
    public static DrainBackends open(Optional<RedisConfig> redisUri, boolean simulated, Path dataDir, ObjectMapper json)
            throws IOException {
        return open(redisUri, Optional.empty(), simulated, dataDir, json, problem -> {}, Duration.ofSeconds(3));
    }

    /** The same backends with other leases (a Redis that could not be reached at start). */
    public DrainBackends withLease(Lease other) {
        return new DrainBackends(store, other, audit, redis, connection);
    }

    /**
     * @param auditLink the console's Redis link: the audit log goes to the team's stream through
     *                  it, replayed from the journal when Redis was away, even when drain state
     *                  had to fall back to files
     * @param timeout   how long Redis may take to answer (the configuration's agent timeout)
     */
    public static DrainBackends open(
            Optional<RedisConfig> redisUri,
            Optional<RedisLink> auditLink,
            boolean simulated,
            Path dataDir,
            ObjectMapper json,
            Consumer<String> problems,
            Duration timeout)
            throws IOException {
        String prefix = simulated ? "demo-" : "";
        Path journal = dataDir.resolve(prefix + "audit.jsonl");
        AuditLog audit = auditLink.isPresent() && !simulated
                ? new ReplicatedAuditLog(journal, new RedisAuditLog(auditLink.get(), json), json, problems)
                : new JournalAuditLog(journal, json);
        if (redisUri.isPresent() && !simulated) {
            RedisConnector connector = new RedisConnector(redisUri.get(), timeout);
            try {
                StatefulRedisConnection<String, String> c = connector.connect();
                return new DrainBackends(
                        new RedisDrainStore(c, json, connector.describe()),
                        new RedisLease(c, connector.describe()),
                        audit,
                        Optional.of(connector),
                        Optional.of(c));
            } catch (RuntimeException e) {
                connector.close();
                audit.close();
                throw new IOException(e.getMessage() + " (drain state and leases live there)", e);
            }
        }
        return new DrainBackends(
                new JournalDrainStore(dataDir.resolve(prefix + "drains.jsonl"), json),
                new FileLease(dataDir.resolve(prefix + "leases")),
                audit,
                Optional.empty(),
                Optional.empty());
    }

    @Override
    public void close() throws IOException {
        store.close();
        audit.close();
        connection.ifPresent(StatefulRedisConnection::close);
        redis.ifPresent(RedisConnector::close);
    }
}
