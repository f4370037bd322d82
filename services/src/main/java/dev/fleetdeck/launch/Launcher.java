package dev.fleetdeck.launch;

import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecord.PlacementAttempt;
import dev.fleetdeck.store.StartupStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Launches one session through the timed pipeline: quota check, placement, create + start with
 * failover to the next agent, readiness. Every phase is timed with a monotonic clock and the
 * record is stored whatever the outcome; a refusal by quota creates nothing and stores nothing.
 */
public final class Launcher {

    private final FleetMonitor fleet;
    private final Function<String, WorkspaceType> catalog;
    private final QuotaCheck quota;
    private final Placement placement;
    private final ImagePresence images;
    private final Readiness readiness;
    private final StartupStore store;
    private final StagedSessions staged;
    /**
     * Per agent, sessions of failed launches that may have left a container there: a create that
     * got no answer (an engine killed or frozen mid-request may have made the container all the
     * same), or a container made that could not be removed (the engine died between the create and
     * the start, as the soak saw). The next launch on that agent removes such leftovers first, once
     * the engine answers again.
     */
    private final Map<String, Set<String>> leftovers = new ConcurrentHashMap<>();

    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Consumer<String> problems;
    private final SecureRandom random = new SecureRandom();
    private final List<Consumer<StartupRecord>> finishedListeners = new CopyOnWriteArrayList<>();

    /**
     * @param catalog  workspace type by name, or {@code null} when there is none of that name
     * @param problems where failures to store a record are told (the window's status, the log)
     */
    public Launcher(
            FleetMonitor fleet,
            Function<String, WorkspaceType> catalog,
            QuotaCheck quota,
            Placement placement,
            ImagePresence images,
            Readiness readiness,
            StartupStore store,
            Clock clock,
            LongSupplier nanoTime,
            Consumer<String> problems) {
        this(
                fleet,
                catalog,
                quota,
                placement,
                images,
                readiness,
                store,
                StagedSessions.NONE,
                clock,
                nanoTime,
                problems);
    }

    /** @param staged where a launch looks for a ready staged session before creating one */
    public Launcher(
            FleetMonitor fleet,
            Function<String, WorkspaceType> catalog,
            QuotaCheck quota,
            Placement placement,
            ImagePresence images,
            Readiness readiness,
            StartupStore store,
            StagedSessions staged,
            Clock clock,
            LongSupplier nanoTime,
            Consumer<String> problems) {
        this.staged = staged;
        this.fleet = fleet;
        this.catalog = catalog;
        this.quota = quota;
        this.placement = placement;
        this.images = images;
        this.readiness = readiness;
        this.store = store;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.problems = problems;
    }

    /** Told of every finished launch, whoever asked for it (the window, the demo, a bulk launch). */
    public void addFinishedListener(Consumer<StartupRecord> listener) {
        finishedListeners.add(listener);
    }

    public void removeFinishedListener(Consumer<StartupRecord> listener) {
        finishedListeners.remove(listener);
    }

    /** How long a session of this type may take to become ready before its launch fails. */
    public static Duration readyTimeout(WorkspaceType ws) {
        return Duration.ofSeconds(Math.max(60, 2L * ws.targetSeconds()));
    }

    public StartupRecord launch(LaunchRequest req, Consumer<LaunchEvent> progress)
            throws QuotaExceededException, InterruptedException {
        WorkspaceType ws = catalog.apply(req.workspaceType());
        if (ws == null) {
            throw new IllegalArgumentException("unknown workspace type '" + req.workspaceType()
                    + "': see the workspaces of the configuration (fleetdeck config check)");
        }
        String sessionId = "fd-" + HexFormat.of().formatHex(bytes(6));
        Instant startedAt = clock.instant();
        long t0 = nanoTime.getAsLong();
        Timeline tl = new Timeline(t0, sessionId, progress, req.staged());

        if (!req.staged()) {
            tl.event(LaunchEvent.Phase.QUOTA, null, "checking quota of " + req.user());
            quota.reserve(req.user());
        }
        long quotaNanos = nanoTime.getAsLong() - t0;
        boolean ready = false;
        try {
            long p0 = nanoTime.getAsLong();
            if (!req.staged()) {
                tl.event(LaunchEvent.Phase.PLACEMENT, null, "looking for a staged session");
                StagedSessions.Claim claim =
                        staged.claim(ws, req.zone(), req.user()).orElse(null);
                if (claim != null) {
                    ready = true;
                    tl.sessionId = claim.sessionId();
                    return finish(
                            tl, stagedRecord(claim, ws, req, startedAt, quotaNanos, nanoTime.getAsLong() - p0, t0));
                }
            }
            tl.event(LaunchEvent.Phase.PLACEMENT, null, "choosing an agent");
            Set<String> tried = new HashSet<>();
            Placement.Choice choice = placement.next(ws, req.zone(), tried, sessionId);
            long placementNanos = nanoTime.getAsLong() - p0;
            if (choice.hold() == null) {
                return finish(
                        tl,
                        record(
                                sessionId,
                                ws,
                                req,
                                null,
                                null,
                                false,
                                choice.plan().noCapacityMessage(ws, req.zone()),
                                List.of(),
                                startedAt,
                                quotaNanos,
                                placementNanos,
                                0,
                                0,
                                t0,
                                null,
                                "none"));
            }

            long c0 = nanoTime.getAsLong();
            List<PlacementAttempt> attempts = new ArrayList<>();
            while (choice.hold() != null) {
                String agent = choice.hold().agent();
                tried.add(agent);
                Attempt a = tryAgent(choice.hold(), ws, req, sessionId, tl, attempts);
                if (a != null) {
                    long createNanos = a.startedAt - c0;
                    ready = a.result.ready();
                    return finish(
                            tl,
                            record(
                                    sessionId,
                                    ws,
                                    req,
                                    agent,
                                    a.containerId,
                                    ready,
                                    a.result.error(),
                                    attempts,
                                    startedAt,
                                    quotaNanos,
                                    placementNanos,
                                    createNanos,
                                    a.readyAt - a.startedAt,
                                    t0,
                                    a.result,
                                    a.result.source()));
                }
                choice = placement.next(ws, req.zone(), tried, sessionId);
            }
            String why = "every agent failed: " + summary(attempts);
            return finish(
                    tl,
                    record(
                            sessionId,
                            ws,
                            req,
                            null,
                            null,
                            false,
                            why,
                            attempts,
                            startedAt,
                            quotaNanos,
                            placementNanos,
                            nanoTime.getAsLong() - c0,
                            0,
                            t0,
                            null,
                            "none"));
        } finally {
            if (!ready && !req.staged()) {
                quota.release(req.user());
            }
        }
    }

    private record Attempt(String containerId, long startedAt, long readyAt, Readiness.Result result) {}

    /** One agent: create and start, then wait. Null when creating failed and the next agent should try. */
    private Attempt tryAgent(
            Placement.Hold hold,
            WorkspaceType ws,
            LaunchRequest req,
            String sessionId,
            Timeline tl,
            List<PlacementAttempt> attempts)
            throws InterruptedException {
        String agent = hold.agent();
        AgentMonitor m = fleet.agent(agent);
        AgentEngine engine = m.engine();
        long a0 = nanoTime.getAsLong();
        tl.event(LaunchEvent.Phase.CREATE, agent, "creating on " + agent);
        removeLeftovers(agent, engine);
        Readiness.EventQueue queue = new Readiness.EventQueue(SessionLabels.SESSION, sessionId);
        AutoCloseable subscription = null;
        String containerId = null;
        try {
            try {
                // Subscribed before start, so the start and health events cannot slip past.
                subscription = engine.events(queue);
            } catch (AgentEngine.EngineException e) {
                queue = null;
            }
            containerId = engine.create(spec(ws, req, sessionId));
            engine.start(containerId);
            long started = nanoTime.getAsLong();
            attempts.add(new PlacementAttempt(agent, "ok", null, ms(a0 - tl.t0), ms(started - a0)));
            tl.event(LaunchEvent.Phase.READINESS, agent, "waiting for " + ws.name() + " to be ready");
            Readiness.Result r = readiness.await(
                    engine.uncached(), containerId, queue, readyTimeout(ws).toNanos(), tl.t0);
            long readyAt = nanoTime.getAsLong();
            if (r.ready()) {
                hold.placed();
            } else {
                discard(agent, engine, containerId, sessionId);
                hold.release();
            }
            return new Attempt(containerId, started, readyAt, r);
        } catch (AgentEngine.EngineException e) {
            attempts.add(new PlacementAttempt(
                    agent, "failed", e.getMessage(), ms(a0 - tl.t0), ms(nanoTime.getAsLong() - a0)));
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("no such image")) {
                images.forget(agent);
            }
            if (containerId != null) {
                discard(agent, engine, containerId, sessionId);
            } else {
                leftOver(agent, sessionId);
            }
            hold.release();
            return null;
        } catch (InterruptedException | RuntimeException e) {
            // Cancelled or broken mid-launch: leave no half-made container behind.
            if (containerId != null) {
                discard(agent, engine, containerId, sessionId);
            }
            hold.release();
            throw e;
        } finally {
            closeQuietly(subscription);
        }
    }

    private void leftOver(String agent, String sessionId) {
        leftovers.computeIfAbsent(agent, k -> ConcurrentHashMap.newKeySet()).add(sessionId);
    }

    /**
     * Removes the containers failed launches may have left on this agent; a session whose
     * container could not be removed now stays for the next launch here.
     */
    private void removeLeftovers(String agent, AgentEngine engine) {
        Set<String> sessions = leftovers.get(agent);
        if (sessions == null || sessions.isEmpty()) {
            return;
        }
        Set<String> looked = Set.copyOf(sessions);
        try {
            List<ContainerSummary> all = engine.uncached().listContainers(true);
            sessions.removeAll(looked);
            for (ContainerSummary c : all) {
                String session = c.labels().get(SessionLabels.SESSION);
                if (looked.contains(session) && discard(agent, engine, c.id(), session)) {
                    problems.accept(agent + ": removed container " + c.id() + " of session " + session
                            + ", left by a failed launch (a create that got no answer, or a remove that failed)");
                }
            }
        } catch (AgentEngine.EngineException e) {
            // still not answering: the create below will say so, and the next launch here looks again
        }
    }

    private static ContainerSpec spec(WorkspaceType ws, LaunchRequest req, String sessionId) {
        Map<String, String> labels = new HashMap<>();
        labels.put(SessionLabels.SESSION, sessionId);
        labels.put(SessionLabels.USER, req.user());
        if (req.staged()) {
            labels.put(SessionLabels.STAGED, "true");
        }
        labels.put(SessionLabels.WORKSPACE, ws.name());
        labels.put(SessionLabels.CORES, Double.toString(ws.cores()));
        labels.put(SessionLabels.MEMORY, Long.toString(ws.memoryBytes()));
        if (req.zone() != null) {
            labels.put(SessionLabels.ZONE, req.zone());
        }
        long shares = ws.cpuAllocation() == CpuAllocation.SHARES ? Math.round(ws.cores() * 1024) : 0;
        long nanos = ws.cpuAllocation() == CpuAllocation.QUOTAS ? Math.round(ws.cores() * 1e9) : 0;
        return new ContainerSpec(
                ws.image(), "fleetdeck-" + sessionId, labels, req.env(), ws.memoryBytes(), shares, nanos, 0, List.of());
    }

    /** Removes a failed launch's container; one that cannot be removed now is left for the next launch there. */
    private boolean discard(String agent, AgentEngine engine, String containerId, String sessionId) {
        try {
            engine.remove(containerId, true);
            return true;
        } catch (AgentEngine.EngineException e) {
            leftOver(agent, sessionId);
            problems.accept("could not remove the container " + containerId + " of a failed launch: " + e.getMessage()
                    + " (the next launch on " + agent + " removes it once the engine answers)");
            return false;
        }
    }

    private StartupRecord record(
            String sessionId,
            WorkspaceType ws,
            LaunchRequest req,
            String agent,
            String containerId,
            boolean ready,
            String error,
            List<PlacementAttempt> attempts,
            Instant startedAt,
            long quotaNanos,
            long placementNanos,
            long createNanos,
            long monitoringNanos,
            long t0,
            Readiness.Result r,
            String source) {
        long total = nanoTime.getAsLong() - t0;
        int checks = r == null ? 0 : r.checkOffsetsNanos().size();
        long avgCheck = checks == 0 ? 0 : ms(r.checkNanosTotal() / checks);
        List<Long> offsets = r == null
                ? List.of()
                : r.checkOffsetsNanos().stream().map(Launcher::ms).toList();
        return new StartupRecord(
                sessionId,
                ws.name(),
                req.user(),
                agent,
                containerId,
                ready ? StartupRecord.Outcome.READY : StartupRecord.Outcome.FAILED,
                error,
                false,
                attempts,
                new StartupRecord.Performance(
                        startedAt,
                        ms(quotaNanos),
                        ms(placementNanos),
                        ms(createNanos),
                        ms(monitoringNanos),
                        ms(total),
                        checks,
                        avgCheck,
                        offsets,
                        source));
    }

    /**
     * A launch served by a staged session: the user waited for the quota check and the claim only;
     * creation and readiness happened before anyone asked, so they count as nothing here.
     */
    private StartupRecord stagedRecord(
            StagedSessions.Claim claim,
            WorkspaceType ws,
            LaunchRequest req,
            Instant startedAt,
            long quotaNanos,
            long claimNanos,
            long t0) {
        long total = nanoTime.getAsLong() - t0;
        PlacementAttempt attempt = new PlacementAttempt(claim.agent(), "ok", null, ms(quotaNanos), ms(claimNanos));
        return new StartupRecord(
                claim.sessionId(),
                ws.name(),
                req.user(),
                claim.agent(),
                claim.containerId(),
                StartupRecord.Outcome.READY,
                null,
                true,
                List.of(attempt),
                new StartupRecord.Performance(
                        startedAt, ms(quotaNanos), ms(claimNanos), 0, 0, ms(total), 0, 0, List.of(), "staged"));
    }

    private StartupRecord finish(Timeline tl, StartupRecord rec) {
        if (tl.staging) {
            // Made ahead for a pool: no user waited for it, so it is no startup to analyze.
            tl.event(LaunchEvent.Phase.FINISHED, rec.agent(), rec.ready() ? "staged" : "failed: " + rec.error());
            return rec;
        }
        try {
            store.append(rec);
        } catch (IOException e) {
            problems.accept("startup record of " + rec.sessionId() + " not stored: " + e.getMessage());
        }
        tl.event(LaunchEvent.Phase.FINISHED, rec.agent(), rec.ready() ? "ready" : "failed: " + rec.error());
        for (Consumer<StartupRecord> l : finishedListeners) {
            l.accept(rec);
        }
        return rec;
    }

    private static String summary(List<PlacementAttempt> attempts) {
        StringBuilder sb = new StringBuilder();
        for (PlacementAttempt a : attempts) {
            sb.append(sb.isEmpty() ? "" : "; ").append(a.agent()).append(": ").append(a.error());
        }
        return sb.toString();
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // the stream is gone either way
        }
    }

    private final class Timeline {
        final long t0;
        final Consumer<LaunchEvent> progress;
        final boolean staging;
        /** The new session's id, or the claimed staged session's once the launch took one. */
        String sessionId;

        Timeline(long t0, String sessionId, Consumer<LaunchEvent> progress, boolean staging) {
            this.t0 = t0;
            this.sessionId = sessionId;
            this.progress = progress;
            this.staging = staging;
        }

        void event(LaunchEvent.Phase phase, String agent, String message) {
            if (progress != null) {
                progress.accept(new LaunchEvent(sessionId, phase, agent, message, ms(nanoTime.getAsLong() - t0)));
            }
        }
    }
}
