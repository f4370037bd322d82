package dev.fleetdeck.disk;

import dev.fleetdeck.fleet.AgentDisk;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentEngine.EngineException;
import dev.fleetdeck.fleet.DiskSource;
import dev.fleetdeck.fleet.DockerDiskUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads every agent's {@code /system/df} every {@code interval}, on its own small pool and never
 * on the fleet's refresh threads: the engine sizes every layer and volume for it, seconds to
 * minutes on a big agent, and a refresh must not wait for that. Each read is bounded by the
 * engine's disk timeout ({@code DockerEngineSettings}); an agent whose read fails or times out keeps its last figures, marked stale
 * with the reason. An agent whose previous read is still out is skipped that round, so a hung
 * engine holds at most one reader.
 */
public final class DiskWatch implements DiskSource, AutoCloseable {
    private final Map<String, AgentEngine> engines;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService readers;
    private final Clock clock;
    private final Map<String, AgentDisk> readings = new ConcurrentHashMap<>();
    private final Set<String> reading = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> rounds;

    /**
     * @param engines   the agents' engines by name
     * @param scheduler starts a round every {@code interval}; it only hands reads to {@code readers}
     * @param readers   a bounded pool the reads run on (they block on the engine)
     */
    public DiskWatch(
            Map<String, AgentEngine> engines,
            Duration interval,
            ScheduledExecutorService scheduler,
            ExecutorService readers,
            Clock clock) {
        this.engines = new LinkedHashMap<>(engines);
        this.interval = interval;
        this.scheduler = scheduler;
        this.readers = readers;
        this.clock = clock;
    }

    public Duration interval() {
        return interval;
    }

    /** Starts the rounds, the first at once. */
    public synchronized void start() {
        if (rounds == null) {
            rounds = scheduler.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public AgentDisk of(String agent) {
        return readings.getOrDefault(agent, AgentDisk.NOT_READ);
    }

    /** Reads every agent now, each on the readers and bounded by its disk timeout; done when all are: the commands' way. */
    public CompletableFuture<Void> readAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String agent : engines.keySet()) {
            all.add(submit(agent));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** One round: a read of each agent whose previous read has finished. */
    void round() {
        for (String agent : engines.keySet()) {
            // a round does not wait: the next one looks again.
            var unused = submit(agent);
        }
    }

    private CompletableFuture<Void> submit(String agent) {
        if (!reading.add(agent)) {
            return CompletableFuture.completedFuture(null); // the previous read is still out
        }
        try {
            return CompletableFuture.runAsync(
                    () -> {
                        try {
                            read(agent);
                        } finally {
                            reading.remove(agent);
                        }
                    },
                    readers);
        } catch (RejectedExecutionException e) {
            reading.remove(agent); // closing
            return CompletableFuture.completedFuture(null);
        }
    }

    private void read(String agent) {
        AgentDisk last = of(agent);
        try {
            DockerDiskUsage usage = engines.get(agent).diskUsage();
            readings.put(agent, AgentDisk.read(usage, clock.instant()));
        } catch (EngineException e) {
            readings.put(agent, last.failed(e.getMessage()));
        } catch (RuntimeException e) {
            // An engine's bug must not end the watch: the agent shows it as its reason.
            readings.put(agent, last.failed(agent + ": disk usage failed: " + e));
        }
    }

    @Override
    public synchronized void close() {
        if (rounds != null) {
            rounds.cancel(false);
            rounds = null;
        }
    }
}
