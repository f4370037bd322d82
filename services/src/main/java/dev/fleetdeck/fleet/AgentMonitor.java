package dev.fleetdeck.fleet;

import dev.fleetdeck.config.AgentConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Refreshes one agent: ping, info, running containers and their stats. Stats come from one
 * stream per running container where the engine streams (Docker does), so a refresh reads the
 * latest sample instead of waiting for the engine's next collection; else one one-shot sample
 * per container per refresh. CPU percent is always the delta between two consecutive samples of
 * our own, as {@code docker stats} computes it, without its wait for a second sample.
 *
 * <p>Not thread-safe for concurrent {@link #refresh()} calls: {@link FleetMonitor} never overlaps
 * two refreshes of one agent. The stats executor must not be the pool that runs refreshes: a
 * refresh waits for its stats lanes, and lanes queued behind waiting refreshes would never run.
 */
public final class AgentMonitor implements AutoCloseable {
    private static final Duration INFO_MAX_AGE = Duration.ofSeconds(30);
    private static final Duration FIRST_SAMPLES_WAIT = Duration.ofMillis(2500);
    private static final Duration SECOND_SAMPLE_AFTER = Duration.ofMillis(500);

    private final AgentConfig config;
    private final AgentEngine engine;
    private final AdminStates adminStates;
    private final Executor statsExecutor;
    private final int statsParallelism;
    private final Clock clock;
    private final SessionOwners owners;

    private Map<String, StatsSample> previousSamples = Map.of();
    private Map<String, Double> previousCpu = Map.of();
    private final Map<String, StreamedStats> streams = new HashMap<>();
    private volatile boolean streaming = true;
    private EngineInfo info;
    private long infoReadAtMillis;
    private volatile AgentSnapshot last;

    public AgentMonitor(AgentConfig config, AgentEngine engine, AdminStates adminStates,
                        Executor statsExecutor, int statsParallelism, Clock clock) {
        this(config, engine, adminStates, statsExecutor, statsParallelism, clock, SessionOwners.LABELS);
    }

    /** @param owners the real user of sessions whose label cannot say (claimed staged sessions) */
    public AgentMonitor(AgentConfig config, AgentEngine engine, AdminStates adminStates,
                        Executor statsExecutor, int statsParallelism, Clock clock, SessionOwners owners) {
        this.owners = owners;
        this.config = config;
        this.engine = engine;
        this.adminStates = adminStates;
        this.statsExecutor = statsExecutor;
        this.statsParallelism = Math.max(1, statsParallelism);
        this.clock = clock;
        this.last = AgentSnapshot.connecting(config.name(), config.zone());
    }

    public String name() {
        return config.name();
    }

    public AgentConfig config() {
        return config;
    }

    public AgentEngine engine() {
        return engine;
    }

    /** The latest snapshot, never {@code null}. */
    public AgentSnapshot last() {
        return last;
    }

    /** One full refresh; an engine that fails or does not answer yields an OFFLINE snapshot. */
    public AgentSnapshot refresh() {
        return refresh(false);
    }

    /**
     * @param awaitNewSamples wait (bounded) until containers seen for the first time have two
     *                        streamed samples, so their CPU is known: for one-off readings such as
     *                        the command line; the periodic monitor shows them on its next round
     */
    public synchronized AgentSnapshot refresh(boolean awaitNewSamples) {
        AgentSnapshot snapshot;
        try {
            snapshot = readAgent(awaitNewSamples);
        } catch (AgentEngine.EngineException e) {
            snapshot = offline(e.getMessage());
        } catch (RuntimeException e) {
            // An engine answering garbage must not stop the monitor; the message says what it was.
            snapshot = offline(config.name() + ": unexpected answer: " + e);
        }
        last = snapshot;
        return snapshot;
    }

    /** Marks the agent offline without a refresh (its refresh is overdue). */
    AgentSnapshot markOffline(String reason) {
        AgentSnapshot snapshot = offline(reason);
        last = snapshot;
        return snapshot;
    }

    private AgentSnapshot offline(String reason) {
        previousSamples = Map.of();
        previousCpu = Map.of();
        close();
        return last.withState(AgentState.OFFLINE, reason)
                .withAdmin(AgentState.OFFLINE, adminStates.entry(config.name()).orElse(null));
    }

    private AgentSnapshot readAgent(boolean awaitNewSamples) throws AgentEngine.EngineException {
        Duration ping = engine.ping();
        long now = clock.millis();
        if (info == null || now - infoReadAtMillis > INFO_MAX_AGE.toMillis()) {
            info = engine.info();
            infoReadAtMillis = now;
        }
        List<ContainerSummary> running = engine.listContainers(false);
        List<ContainerSummary> unstreamed = syncStreams(running, awaitNewSamples);
        Map<String, StatsSample> samples = sampleAll(unstreamed, engine);
        if (awaitNewSamples && unstreamed.stream().anyMatch(c -> !previousSamples.containsKey(c.id()))) {
            // A one-off reading of an engine that does not stream: CPU needs a second sample.
            previousSamples = sampleAll(unstreamed, engine.uncached());
            sleepQuietly(SECOND_SAMPLE_AFTER);
            // Past any stats cache: a cached first sample again would read as no CPU at all.
            samples = sampleAll(unstreamed, engine.uncached());
        }

        double usedCpus = 0;
        long memUsed = 0;
        double allocatedCpus = 0;
        long allocatedMem = 0;
        List<Session> sessions = new ArrayList<>();
        int staged = 0;
        Map<String, Double> cpus = new HashMap<>();
        for (ContainerSummary c : running) {
            StreamedStats streamed = streams.get(c.id());
            StatsSample s;
            double cpu;
            if (streamed != null) {
                s = streamed.latest;
                cpu = streamed.cpuPercent;
            } else {
                s = samples.get(c.id());
                StatsSample previous = previousSamples.get(c.id());
                if (s != null && s.equals(previous)) {
                    // A cached sample (the stats cache lives longer than a refresh): nothing new
                    // to compare, so the CPU of the last new sample still holds.
                    cpu = previousCpu.getOrDefault(c.id(), 0.0);
                } else {
                    cpu = previous == null || s == null ? 0 : StatsMath.cpuPercent(previous, s);
                }
                cpus.put(c.id(), cpu);
            }
            long mem = s == null ? 0 : StatsMath.memoryUsedBytes(s);
            usedCpus += cpu / 100.0;
            memUsed += mem;
            Session session = Session.fromContainer(config.name(), c, cpu, mem);
            String owner = session == null ? null : owners.ownerOf(session.sessionId());
            if (owner != null) {
                session = session.claimedBy(owner);
            }
            if (session != null) {
                sessions.add(session);
                if (session.waitingInPool()) {
                    staged++;
                }
                allocatedCpus += session.cores();
                allocatedMem += session.memoryBytes();
            }
        }
        previousSamples = samples;
        previousCpu = cpus;

        double capacityCpus = config.cpuOverride() > 0 ? config.cpuOverride() : info.cpus();
        long capacityMem = config.ramOverride() > 0 ? config.ramOverride() : info.memTotalBytes();
        AdminEntry admin = adminStates.entry(config.name()).orElse(null);
        AgentState state = admin != null ? admin.state() : adminStates.of(config.name(), config.enabled());
        return new AgentSnapshot(config.name(), config.zone(), state,
                info.serverVersion(), info.cpus(), info.memTotalBytes(), capacityCpus, capacityMem,
                usedCpus, memUsed, allocatedCpus, allocatedMem, running.size(), sessions, staged, ping,
                clock.instant(), null, admin);
    }

    /**
     * One sample per container, at most {@code statsParallelism} requests in flight: the
     * containers are dealt into that many lanes, each lane read one after another.
     */
    private Map<String, StatsSample> sampleAll(List<ContainerSummary> containers, AgentEngine source)
            throws AgentEngine.EngineException {
        if (containers.isEmpty()) {
            return Map.of();
        }
        int lanes = Math.min(statsParallelism, containers.size());
        Map<String, StatsSample> samples = new ConcurrentHashMap<>();
        if (lanes == 1) {
            runLane(containers, samples, source);
            return new HashMap<>(samples);
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            List<ContainerSummary> mine = new ArrayList<>();
            for (int i = lane; i < containers.size(); i += lanes) {
                mine.add(containers.get(i));
            }
            futures.add(CompletableFuture.runAsync(() -> sampleLane(mine, samples, source), statsExecutor));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LaneFailure lf) {
                throw lf.engineException;
            }
            throw e;
        }
        return new HashMap<>(samples);
    }

    /** The latest two samples of one container's stream, written by the stream's thread. */
    private static final class StreamedStats implements java.util.function.Consumer<StatsSample> {
        volatile StatsSample latest;
        volatile double cpuPercent;
        volatile int samples;
        AutoCloseable handle;

        @Override
        public void accept(StatsSample s) {
            StatsSample previous = latest;
            cpuPercent = previous == null ? 0 : StatsMath.cpuPercent(previous, s);
            latest = s;
            samples++;
        }
    }

    /**
     * Opens a stream for each new running container and closes those of containers gone.
     * Returns the containers that have no stream (the engine cannot stream, or opening failed).
     */
    private List<ContainerSummary> syncStreams(List<ContainerSummary> running, boolean awaitNewSamples) {
        if (!streaming) {
            return running;
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        List<ContainerSummary> unstreamed = new ArrayList<>();
        List<StreamedStats> fresh = new ArrayList<>();
        for (ContainerSummary c : running) {
            ids.add(c.id());
            if (streams.containsKey(c.id())) {
                continue;
            }
            StreamedStats st = new StreamedStats();
            try {
                st.handle = engine.statsStream(c.id(), st);
                if (st.handle == null) {
                    // The engine does not stream at all: one-shot samples from now on.
                    streaming = false;
                    return running;
                }
                streams.put(c.id(), st);
                fresh.add(st);
            } catch (AgentEngine.EngineException e) {
                unstreamed.add(c);
            }
        }
        streams.entrySet().removeIf(e -> {
            if (ids.contains(e.getKey())) {
                return false;
            }
            closeQuietly(e.getValue().handle);
            return true;
        });
        if (awaitNewSamples) {
            awaitSamples(fresh);
        }
        return unstreamed;
    }

    /**
     * New streams need two samples before they tell CPU: the engine collects about once a second,
     * so a container's first refresh waits for them (bounded), and every later one reads at once.
     */
    private static void awaitSamples(List<StreamedStats> fresh) {
        long deadline = System.nanoTime() + FIRST_SAMPLES_WAIT.toNanos();
        for (StreamedStats st : fresh) {
            while (st.samples < 2 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the stream ends either way
        }
    }

    /** Closes every stats stream; the monitor can refresh again afterwards (streams reopen). */
    @Override
    public synchronized void close() {
        streams.values().forEach(st -> closeQuietly(st.handle));
        streams.clear();
    }

    private void runLane(List<ContainerSummary> containers, Map<String, StatsSample> into, AgentEngine source)
            throws AgentEngine.EngineException {
        try {
            sampleLane(containers, into, source);
        } catch (LaneFailure f) {
            throw f.engineException;
        }
    }

    private void sampleLane(List<ContainerSummary> containers, Map<String, StatsSample> into, AgentEngine source) {
        for (ContainerSummary c : containers) {
            try {
                into.put(c.id(), source.stats(c.id()));
            } catch (AgentEngine.EngineException e) {
                // A container that ended between list and stats is normal churn, not a sick agent.
                if (isGone(e)) {
                    continue;
                }
                throw new LaneFailure(e);
            }
        }
    }

    private static boolean isGone(AgentEngine.EngineException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("no such container") || m.contains("not found");
    }

    private static final class LaneFailure extends RuntimeException {
        final AgentEngine.EngineException engineException;

        LaneFailure(AgentEngine.EngineException e) {
            super(e.getMessage(), null, false, false);
            this.engineException = e;
        }
    }
}
