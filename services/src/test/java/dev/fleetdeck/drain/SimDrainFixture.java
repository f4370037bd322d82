package dev.fleetdeck.drain;

import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A simulated zone (sim-east-01..N: 16, 16, 32, 24 CPUs, 4 GiB per CPU) with drain services over
 * it. The lease TTL (2 h) outlasts the clock jumps of a test. Steps run on the calling thread (a direct executor) and the tick is an hour, so a test
 * decides exactly when a drain looks; a simulated engine's events arrive synchronously.
 */
final class SimDrainFixture implements AutoCloseable {
    static final long GIB = 1L << 30;
    static final WorkspaceType FIREFOX =
            new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 30);
    static final WorkspaceType BIG = new WorkspaceType("big", "kasmweb/big:1.0", 8, 16 * GIB, CpuAllocation.QUOTAS, 50);

    final SimulatedFleet sim;
    final FleetMonitor fleet;
    final AdminStates admin = new AdminStates();
    final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T08:00:00Z"));
    final List<String> problems = new CopyOnWriteArrayList<>();
    private final ExecutorService refresh = Executors.newFixedThreadPool(2);
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    SimDrainFixture(int agents) {
        sim = new SimulatedFleet(agents, List.of("east"), List.of(FIREFOX, BIG), 7, System::nanoTime);
        List<AgentMonitor> monitors = sim.agentConfigs().stream()
                .map(c -> new AgentMonitor(c, sim.engine(c.name()), admin, Clock.systemUTC()))
                .toList();
        fleet = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, refresh, Clock.systemUTC());
    }

    String session(String agent, WorkspaceType ws, String user) {
        return sim.startSession(sim.engine(agent), ws, user);
    }

    JournalDrainStore store(Path file) throws Exception {
        JournalDrainStore s = new JournalDrainStore(file, Json.mapper());
        closeables.add(s);
        return s;
    }

    JournalAuditLog audit(Path file) throws Exception {
        JournalAuditLog a = new JournalAuditLog(file, Json.mapper());
        closeables.add(a);
        return a;
    }

    DrainService service(DrainStore store, Lease lease, AuditLog audit, String operatorUser, Executor workers) {
        return service(
                store,
                lease,
                audit,
                operatorUser,
                workers,
                new DrainService.Timing(Duration.ofHours(1), Duration.ofHours(2)));
    }

    DrainService service(
            DrainStore store,
            Lease lease,
            AuditLog audit,
            String operatorUser,
            Executor workers,
            DrainService.Timing timing) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        schedulers.add(scheduler);
        return new DrainService(
                fleet,
                admin,
                store,
                lease,
                audit,
                new SessionNotices(List.of(), SessionNotices.DEFAULT_LIMIT, Clock.systemUTC()),
                new MaintenanceHook(),
                scheduler,
                workers,
                clock,
                new Operator(operatorUser, "host", 1),
                timing,
                problems::add);
    }

    DrainService service(DrainStore store, Lease lease, AuditLog audit, String operatorUser) {
        return service(store, lease, audit, operatorUser, Runnable::run);
    }

    @Override
    public void close() throws Exception {
        schedulers.forEach(ExecutorService::shutdownNow);
        refresh.shutdownNow();
        for (AutoCloseable c : closeables) {
            c.close();
        }
        sim.close();
    }
}
