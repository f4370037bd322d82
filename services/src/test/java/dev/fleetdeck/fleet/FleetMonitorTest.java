package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.sim.SimulatedFleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Monitor arithmetic on the simulated fleet (no Docker claims here: see the test-bed tests). */
class FleetMonitorTest {
    private static final long GIB = 1L << 30;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<WorkspaceType> catalog = List.of(
            new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 30),
            new WorkspaceType("kali", "kasmweb/kali:1.17.0", 4, 8 * GIB, CpuAllocation.QUOTAS, 50));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private FleetMonitor monitorOf(SimulatedFleet fleet, AdminStates admin) {
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map(c -> new AgentMonitor(c, fleet.engine(c.name()), admin, Clock.systemUTC()))
                .toList();
        return new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
    }

    @Test
    void allocatedCapacityIsTheSumOfTheSessionsWorkspaces() {
        SimulatedFleet fleet = new SimulatedFleet(1, List.of("east"), catalog, 7, nanos::get);
        var engine = fleet.engine("sim-east-01");
        fleet.startSession(engine, catalog.get(0), "alice");
        fleet.startSession(engine, catalog.get(0), "bob");
        fleet.startSession(engine, catalog.get(1), "carol");

        AgentSnapshot a =
                monitorOf(fleet, new AdminStates()).refreshAll().agents().get(0);

        assertThat(a.state()).isEqualTo(AgentState.ENABLED);
        assertThat(a.sessionCount()).isEqualTo(3);
        assertThat(a.allocatedCpus()).isEqualTo(8.0);
        assertThat(a.allocatedMemBytes()).isEqualTo(16 * GIB);
        assertThat(a.sessions()).extracting(Session::user).containsExactlyInAnyOrder("alice", "bob", "carol");
    }

    @Test
    void cpuPercentComesFromTheMonitorsOwnConsecutiveSamples() {
        SimulatedFleet fleet = new SimulatedFleet(1, List.of("east"), catalog, 7, nanos::get);
        fleet.startSession(fleet.engine("sim-east-01"), catalog.get(0), "alice");
        FleetMonitor monitor = monitorOf(fleet, new AdminStates());

        AgentSnapshot first = monitor.refreshAll().agents().get(0);
        nanos.addAndGet(2_000_000_000L);
        AgentSnapshot second = monitor.refreshAll().agents().get(0);

        // One sample has no delta yet: docker stats shows 0 % too before its second reading.
        assertThat(first.usedCpus()).isZero();
        assertThat(second.usedCpus()).isGreaterThan(0).isLessThanOrEqualTo(2.0);
        assertThat(second.sessions().get(0).cpuPercent()).isCloseTo(second.usedCpus() * 100, within(1e-9));
    }

    @Test
    void anAgentThatStopsAnsweringTurnsOfflineAndRecovers() {
        SimulatedFleet fleet = new SimulatedFleet(2, List.of("east"), catalog, 7, nanos::get);
        FleetMonitor monitor = monitorOf(fleet, new AdminStates());
        monitor.refreshAll();

        fleet.engine("sim-east-01").setDown(true);
        FleetSnapshot down = monitor.refreshAll();
        assertThat(down.agents().get(0).state()).isEqualTo(AgentState.OFFLINE);
        assertThat(down.agents().get(0).error()).contains("sim-east-01");
        assertThat(down.agents().get(1).state()).isEqualTo(AgentState.ENABLED);

        fleet.engine("sim-east-01").setDown(false);
        assertThat(monitor.refreshAll().agents().get(0).state()).isEqualTo(AgentState.ENABLED);
    }

    @Test
    void cordonShowsOnTheNextRefresh() throws Exception {
        SimulatedFleet fleet = new SimulatedFleet(1, List.of("east"), catalog, 7, nanos::get);
        AdminStates admin = new AdminStates();
        FleetMonitor monitor = monitorOf(fleet, admin);
        admin.set("sim-east-01", AgentState.CORDONED, "test", null);
        assertThat(monitor.refreshAll().agents().get(0).state()).isEqualTo(AgentState.CORDONED);
        admin.set("sim-east-01", AgentState.ENABLED, "test", null);
        assertThat(monitor.refreshAll().agents().get(0).state()).isEqualTo(AgentState.ENABLED);
    }

    @Test
    void nPlusTwoSubtractsTheTwoLargestAgents() {
        // Agents of 16, 16, 32, 24 CPUs (sizes cycle in that order); losing 32 and 24 leaves 32.
        SimulatedFleet fleet = new SimulatedFleet(4, List.of("east"), catalog, 7, nanos::get);
        FleetMonitor monitor = monitorOf(fleet, new AdminStates());
        for (int i = 0; i < 8; i++) {
            fleet.startSession(fleet.engine("sim-east-01"), catalog.get(1), "u" + i); // 8 × 4 cores = 32
        }
        FleetSnapshot.Headroom fits = monitor.refreshAll().nPlusTwo();
        assertThat(fits.spareCpus()).isEqualTo(0.0);
        assertThat(fits.survives()).isTrue();

        fleet.startSession(fleet.engine("sim-east-02"), catalog.get(0), "one-more");
        FleetSnapshot.Headroom tooMuch = monitor.refreshAll().nPlusTwo();
        assertThat(tooMuch.spareCpus()).isEqualTo(-2.0);
        assertThat(tooMuch.survives()).isFalse();
    }

    @Test
    void historyKeepsOnlyTheNewestReadingsOldestFirst() {
        MetricHistory h = new MetricHistory(3);
        for (int i = 1; i <= 5; i++) {
            h.add(Instant.ofEpochMilli(i), i, 10 * i);
        }
        MetricHistory.Points p = h.points();
        assertThat(p.epochMillis()).containsExactly(3, 4, 5);
        assertThat(p.cpuPercent()).containsExactly(3f, 4f, 5f);
        assertThat(p.memPercent()).containsExactly(30f, 40f, 50f);
    }
}
