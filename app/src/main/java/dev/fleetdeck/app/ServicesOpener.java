package dev.fleetdeck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.store.JournalStartupStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

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

    /** The caller closes what it gets. */
    public Services open(ConsoleOptions options, Consumer<String> problems) throws ConfigException {
        OpenedFleet fleet = fleetOpener.open(options);
        // Simulated launches go to a journal of their own: demo figures never mix with real ones.
        Path journal = dataDir.resolve(fleet.simulated() ? "demo-startups.jsonl" : "startups.jsonl");
        JournalStartupStore startups;
        try {
            startups = new JournalStartupStore(journal, json);
        } catch (IOException e) {
            fleet.engines().values().forEach(ServicesOpener::closeQuietly);
            throw new UncheckedIOException("cannot open the startup journal " + journal + ": " + e.getMessage()
                    + " (set FLEETDECK_DATA_DIR to a writable folder)", e);
        }
        DrainBackends drains;
        try {
            drains = DrainBackends.open(fleet.config().redis(), fleet.simulated(), dataDir, json);
        } catch (IOException e) {
            closeQuietly(startups);
            fleet.engines().values().forEach(ServicesOpener::closeQuietly);
            throw new UncheckedIOException("cannot open the drain state: " + e.getMessage()
                    + " (set FLEETDECK_DATA_DIR to a writable folder, or check the Redis of the configuration)", e);
        }
        return new Services(fleet, startups, drains, problems);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing; the journal message is the one that matters
        }
    }
}
