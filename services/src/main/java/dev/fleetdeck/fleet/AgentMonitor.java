package dev.fleetdeck.fleet;

import dev.fleetdeck.config.AgentConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Refreshes one agent: ping, info, running containers and their stats. Stats are one-shot
 * samples of every running container, asked together ({@link AgentEngine#statsAll}) once per
 * {@code sampleEvery}, so Docker answers a whole agent from one collection; CPU percent is the
 * delta between two consecutive samples of our own, as {@code docker stats} computes it.
 *
 * <p>Why not a stream per container (what this did before): a stream makes the daemon collect
 * that container every second for as long as a console is open, and holds a thread and a
 * connection in the console. Ten agents of 30 sessions cost the agents as much as
 * {@code docker stats} on every container, and the console 407 threads. Sampled every 4 s the
 * agents collect a quarter as often (docs/benchmarks.md, "Monitoring at fleet scale").
 *
 * <p>Containers seen for the first time between rounds are sampled on that refresh, so their
 * memory shows at once; their CPU needs a second sample, at the next round.
 *
 * <p>Not thread-safe for concurrent {@link #refresh()} calls: {@link FleetMonitor} never overlaps
 * two refreshes of one agent.
 */
public final class AgentMonitor implements AutoCloseable {
    private static final Duration INFO_MAX_AGE = Duration.ofSeconds(30);
    /** A one-off reading's two samples are at least this far apart, so CPU is not a 1 ms blip. */
    private static final Duration SECOND_SAMPLE_AFTER = Duration.ofMillis(500);
    /** Default time between two samples of a container: two refreshes of the default 2 s. */
    public static final Duration SAMPLE_EVERY = Duration.ofSeconds(4);

    private final AgentConfig config;
    private final AgentEngine engine;
    private final AdminStates adminStates;
    private final Duration sampleEvery;
    private final Clock clock;
    private final SessionOwners owners;

    /** The latest sample and the CPU it showed, per running container. */
    private volatile Map<String, Reading> readings = new ConcurrentHashMap<>();

    private long lastRoundMillis = Long.MIN_VALUE;
    private EngineInfo info;
    private long infoReadAtMillis;
    private volatile AgentSnapshot last;

    /** One container's latest sample and the CPU percent between it and the one before. */
    private record Reading(StatsSample sample, double cpuPercent) {
        Reading next(StatsSample newer) {
            return new Reading(newer, newer.equals(sample) ? cpuPercent : StatsMath.cpuPercent(sample, newer));
        }
    }

    public AgentMonitor(AgentConfig config, AgentEngine engine, AdminStates adminStates, Clock clock) {
        this(config, engine, adminStates, SAMPLE_EVERY, clock, SessionOwners.LABELS);
    }

    public AgentMonitor(
            AgentConfig config, AgentEngine engine, AdminStates adminStates, Clock clock, SessionOwners owners) {
        this(config, engine, adminStates, SAMPLE_EVERY, clock, owners);
    }

    /**
     * @param sampleEvery how often every container is sampled: at most this old are the figures
     *                    of a session (plus one collection), and so are an agent's totals
     * @param owners      the real user of sessions whose label cannot say (claimed staged sessions)
     */
    public AgentMonitor(
            AgentConfig config,
            AgentEngine engine,
            AdminStates adminStates,
            Duration sampleEvery,
            Clock clock,
            SessionOwners owners) {
        this.owners = owners;
        this.config = config;
        this.engine = engine;
        this.adminStates = adminStates;
        this.sampleEvery = sampleEvery;
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

    /**
     * When the daemon read the oldest sample behind the latest figures (its {@code read} time), or
     * empty before the first: how old a session's figures, and so the agent's totals, can be.
     */
    public Optional<Instant> oldestSample() {
        return readings.values().stream().map(r -> r.sample().read()).min(Instant::compareTo);
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
     * @param awaitNewSamples take two samples of containers without one, so their CPU is known:
     *                        for one-off readings such as the command line; the periodic monitor
     *                        shows them on its next round
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

    /**
     * Marks the agent offline without a refresh (its refresh is overdue). Called beside the
     * refresh still running, so it leaves the readings, which only refreshes touch, alone.
     */
    AgentSnapshot markOffline(String reason) {
        AgentSnapshot snapshot = last.withState(AgentState.OFFLINE, reason);
        last = snapshot;
        return snapshot;
    }

    private AgentSnapshot offline(String reason) {
        readings = new ConcurrentHashMap<>();
        lastRoundMillis = Long.MIN_VALUE;
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
        sample(running, awaitNewSamples);

        double usedCpus = 0;
        long memUsed = 0;
        double allocatedCpus = 0;
        long allocatedMem = 0;
        List<Session> sessions = new ArrayList<>();
        int staged = 0;
        for (ContainerSummary c : running) {
            Reading reading = readings.get(c.id());
            double cpu = reading == null ? 0 : reading.cpuPercent();
            long mem = reading == null ? 0 : StatsMath.memoryUsedBytes(reading.sample());
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

        double capacityCpus = config.cpuOverride() > 0 ? config.cpuOverride() : info.cpus();
        long capacityMem = config.ramOverride() > 0 ? config.ramOverride() : info.memTotalBytes();
        AdminEntry admin = adminStates.entry(config.name()).orElse(null);
        AgentState state = admin != null ? admin.state() : adminStates.of(config.name(), config.enabled());
        return new AgentSnapshot(
                config.name(),
                config.zone(),
                state,
                info.serverVersion(),
                info.cpus(),
                info.memTotalBytes(),
                capacityCpus,
                capacityMem,
                usedCpus,
                memUsed,
                allocatedCpus,
                allocatedMem,
                running.size(),
                sessions,
                staged,
                ping,
                clock.instant(),
                null,
                admin,
                null,
                null);
    }

    /**
     * Samples every running container when a round is due, else only those never sampled; drops
     * the readings of containers gone. A round is due a quarter of {@code sampleEvery} early (1 s
     * at the default 4 s), so refreshes 2 s apart still sample every second refresh, not every
     * third, when a loaded machine makes one refresh's engine calls a second slower than another's:
     * half a second of slack skipped rounds at load 35-70 and let figures age to 6 s.
     */
    private void sample(List<ContainerSummary> running, boolean awaitNewSamples) throws AgentEngine.EngineException {
        Set<String> ids = running.stream().map(ContainerSummary::id).collect(Collectors.toSet());
        readings.keySet().retainAll(ids);
        long now = clock.millis();
        boolean due = awaitNewSamples
                || lastRoundMillis == Long.MIN_VALUE
                || now - lastRoundMillis + sampleEvery.toMillis() / 4 >= sampleEvery.toMillis();
        List<String> wanted = due
                ? List.copyOf(ids)
                : ids.stream().filter(id -> !readings.containsKey(id)).toList();
        if (wanted.isEmpty()) {
            return;
        }
        List<String> unseen =
                wanted.stream().filter(id -> !readings.containsKey(id)).toList();
        long started = System.nanoTime();
        take(engine.statsAll(wanted));
        if (due) {
            lastRoundMillis = now;
        }
        if (awaitNewSamples && !unseen.isEmpty()) {
            // A one-off reading: CPU needs a second sample of the containers seen for the first time.
            long waited = (System.nanoTime() - started) / 1_000_000;
            sleepQuietly(SECOND_SAMPLE_AFTER.minusMillis(waited));
            take(engine.uncached().statsAll(unseen));
        }
    }

    private void take(Map<String, StatsSample> samples) {
        samples.forEach((id, sample) -> {
            Reading before = readings.get(id);
            readings.put(id, before == null ? new Reading(sample, 0) : before.next(sample));
        });
    }

    private static void sleepQuietly(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Holds no stream or thread of its own any more; kept so a fleet closes its monitors alike. */
    @Override
    public void close() {
        // nothing to release: samples are taken during refreshes only
    }
}
