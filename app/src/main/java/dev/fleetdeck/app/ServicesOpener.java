package dev.fleetdeck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.drain.UnavailableLease;
import dev.fleetdeck.history.LocalHistoryStore;
import dev.fleetdeck.sim.SyntheticHistory;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.store.RedisStartupStore;
import dev.fleetdeck.store.ReplicatedStartupStore;
import dev.fleetdeck.store.StartupStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Opens the chosen fleet and every service over it; the window and the commands share it. */
public final class ServicesOpener {
    private final FleetOpener fleetOpener;
    private final Path dataDir;
    private final ObjectMapper json;

    public ServicesOpener(FleetOpener fleetOpener, Path dataDir, ObjectMapper json) {
        this.fleetOpener = fleetOpener;
        this.dataDir = dataDir;
        this.json = json;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The local startup journal: demo launches keep one of their own, so figures never mix. */
    public Path journal(boolean simulated) {
        return dataDir.resolve(simulated ? "demo-startups.jsonl" : "startups.jsonl");
    }

    /** The configured workspace catalog (the analyzer's per-type targets), without opening the fleet. */
    public List<WorkspaceType> catalog(ConsoleOptions options) throws ConfigException {
        return fleetOpener.catalog(options);
    }

    /** The caller closes what it gets. */
    public Services open(ConsoleOptions options, Consumer<String> problems) throws ConfigException {
        OpenedFleet fleet = fleetOpener.open(options);
        fleet.warnings().forEach(w -> problems.accept("warning: " + w));
        Path journal = journal(fleet.simulated());
        StartupStore startups;
        RedisLink redis = null;
        try {
            JournalStartupStore store = new JournalStartupStore(journal, json, problems);
            if (fleet.simulated() && Files.size(journal) == 0) {
                // The demo's analyzer has a week of history to show from the first second.
                List<String> agents =
                        fleet.config().agents().stream().map(AgentConfig::name).toList();
                IOException[] failed = {null};
                SyntheticHistory.generate(
                        fleet.config().workspaces(), agents, options.seed(), Instant.now(), 700, r -> {
                            try {
                                store.append(r);
                            } catch (IOException e) {
                                failed[0] = e;
                            }
                        });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
            if (fleet.config().redis().isPresent()) {
                store.close();
                redis = new RedisLink(
                        new RedisConnector(
                                fleet.config().redis().get(),
                                fleet.config().settings().agentTimeout()),
                        System::currentTimeMillis,
                        2000);
                startups = new ReplicatedStartupStore(
                        journal, new RedisStartupStore(redis, new StartupRecordCodec()), json, problems);
            } else {
                startups = store;
            }
        } catch (IOException e) {
            fleet.engines().values().forEach(ServicesOpener::closeQuietly);
            throw new UncheckedIOException(
                    "cannot open the startup journal " + journal + ": " + e.getMessage()
                            + " (set FLEETDECK_DATA_DIR to a writable folder)",
                    e);
        }
        DrainBackends drains;
        try {
            drains = openDrains(fleet, Optional.ofNullable(redis), problems);
        } catch (IOException e) {
            closeQuietly(startups);
            if (redis != null) {
                redis.close();
            }
            fleet.engines().values().forEach(ServicesOpener::closeQuietly);
            throw new UncheckedIOException(
                    "cannot open the drain state: " + e.getMessage() + " (set FLEETDECK_DATA_DIR to a writable folder)",
                    e);
        }
        SharedBackends shared;
        try {
            shared = SharedBackends.open(redis, fleet.simulated(), dataDir, json, problems);
        } catch (IOException e) {
            closeQuietly(drains);
            closeQuietly(startups);
            if (redis != null) {
                redis.close();
            }
            fleet.engines().values().forEach(ServicesOpener::closeQuietly);
            throw new UncheckedIOException(
                    "cannot open the shared fleet state: " + e.getMessage()
                            + " (set FLEETDECK_DATA_DIR to a writable folder)",
                    e);
        }
        // Opened when first asked for (SQLite loads a native library): most commands never read history.
        Supplier<LocalHistoryStore> history = () -> openHistory(fleet.simulated(), problems);
        return new Services(fleet, startups, redis, drains, shared, history, problems);
    }

    private LocalHistoryStore openHistory(boolean simulated, Consumer<String> problems) {
        Path historyFile = dataDir.resolve("history.db");
        try {
            // The demo's figures are made up: they live in memory and never reach a real fleet's file.
            return simulated ? LocalHistoryStore.inMemory() : LocalHistoryStore.open(historyFile);
        } catch (SQLException e) {
            // History helps later reading; no command or window is refused for want of it.
            problems.accept("warning: cannot open the history store " + historyFile + " (" + e.getMessage()
                    + "): this process keeps its history in memory only (check FLEETDECK_DATA_DIR is writable)");
            return inMemoryHistory(e);
        }
    }

    private static LocalHistoryStore inMemoryHistory(SQLException cause) {
        try {
            return LocalHistoryStore.inMemory();
        } catch (SQLException e) {
            e.addSuppressed(cause);
            throw new IllegalStateException("SQLite cannot open even an in-memory database: " + e.getMessage(), e);
        }
    }

    /** Redis when configured and reachable; a Redis that is down at start leaves drain state on local files, drains refused. */
    private DrainBackends openDrains(OpenedFleet fleet, Optional<RedisLink> redis, Consumer<String> problems)
            throws IOException {
        try {
            return DrainBackends.open(
                    fleet.config().redis(),
                    redis,
                    fleet.simulated(),
                    dataDir,
                    json,
                    problems,
                    fleet.config().settings().agentTimeout());
        } catch (IOException e) {
            if (fleet.config().redis().isEmpty()) {
                throw e;
            }
            problems.accept("warning: " + e.getMessage()
                    + "; drain state uses local files and drains are refused until restart");
            // Local leases would exclude only this machine's consoles: no drain rather than two.
            return DrainBackends.open(
                            Optional.empty(),
                            redis,
                            fleet.simulated(),
                            dataDir,
                            json,
                            problems,
                            fleet.config().settings().agentTimeout())
                    .withLease(new UnavailableLease(e.getMessage()));
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing; the journal message is the one that matters
        }
    }
}
