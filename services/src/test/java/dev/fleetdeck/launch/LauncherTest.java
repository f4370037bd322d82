package dev.fleetdeck.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.ContainerState;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's decisions on the simulated fleet; the test-bed tests prove it on Docker. */
class LauncherTest {
    private static final long GIB = 1L << 30;
    private final WorkspaceType firefox =
            new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 30);
    private final WorkspaceType kali =
            new WorkspaceType("kali", "kasmweb/kali:1.17.0", 4, 8 * GIB, CpuAllocation.QUOTAS, 50);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AdminStates admin = new AdminStates();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private SimulatedFleet fleet;
    private FleetMonitor monitor;
    private JournalStartupStore store;
    private Launcher launcher;

    @BeforeEach
    void setUp() throws Exception {
        fleet = new SimulatedFleet(3, List.of("east"), List.of(firefox, kali), 1, System::nanoTime);
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map(c -> new AgentMonitor(c, fleet.engine(c.name()), admin, Clock.systemUTC()))
                .toList();
        monitor = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
        monitor.refreshAll();
        store = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper());
        launcher = launcherWith(new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), 2);
    }

    private Launcher launcherWith(QuotaCache cache, int maxPerUser) {
        ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        return new Launcher(
                monitor,
                n -> n.equals("firefox") ? firefox : n.equals("kali") ? kali : null,
                new QuotaCheck(cache, monitor, maxPerUser),
                new Placement(
                        monitor, images, System::nanoTime, Duration.ofSeconds(4).toNanos()),
                images,
                new Readiness(System::nanoTime),
                store,
                Clock.systemUTC(),
                System::nanoTime,
                problems::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        pool.shutdownNow();
    }

    @Test
    void aLaunchLandsOnTheLeastLoadedAgentWithLabelsAndLimits() throws Exception {
        // sim-east-01 (16 CPUs) gets two sessions first; the others are empty.
        fleet.startSession(fleet.engine("sim-east-01"), firefox, "someone");
        fleet.startSession(fleet.engine("sim-east-01"), firefox, "someone-else");
        monitor.refreshAll();

        StartupRecord r = launcher.launch(new LaunchRequest("kali", "alice"), null);

        assertThat(r.outcome()).isEqualTo(StartupRecord.Outcome.READY);
        assertThat(r.agent()).isNotEqualTo("sim-east-01");
        ContainerState c = fleet.engine(r.agent()).inspect(r.containerId());
        assertThat(c.labels())
                .containsEntry(SessionLabels.SESSION, r.sessionId())
                .containsEntry(SessionLabels.USER, "alice")
                .containsEntry(SessionLabels.WORKSPACE, "kali")
                .containsEntry(SessionLabels.CORES, "4.0")
                .containsEntry(SessionLabels.MEMORY, Long.toString(8 * GIB));
        assertThat(c.nanoCpus()).isEqualTo(4_000_000_000L);
        assertThat(c.cpuShares()).isZero();
        assertThat(c.memoryBytes()).isEqualTo(8 * GIB);
        StartupRecord.Performance p = r.performance();
        assertThat(p.totalStartupTimeMs()).isGreaterThanOrEqualTo(p.quotaCheckDurationMs() + p.placementDurationMs());
        assertThat(p.statusCheckAttempts()).isGreaterThanOrEqualTo(1);
        assertThat(r.attempts())
                .extracting(StartupRecord.PlacementAttempt::outcome)
                .containsExactly("ok");
    }

    @Test
    void sharesAllocationSetsCpuSharesFromCores() throws Exception {
        StartupRecord r = launcher.launch(new LaunchRequest("firefox", "bob"), null);
        ContainerState c = fleet.engine(r.agent()).inspect(r.containerId());
        assertThat(c.cpuShares()).isEqualTo(2048);
        assertThat(c.nanoCpus()).isZero();
    }

    @Test
    void aUserOverQuotaIsRefusedAndNothingIsCreated() throws Exception {
        launcher.launch(new LaunchRequest("firefox", "carol"), null);
        launcher.launch(new LaunchRequest("firefox", "carol"), null);
        int before = containers();

        assertThatThrownBy(() -> launcher.launch(new LaunchRequest("firefox", "carol"), null))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("carol")
                .hasMessageContaining("2 of 2");
        assertThat(containers()).isEqualTo(before);
        // Another user is not affected.
        assertThat(launcher.launch(new LaunchRequest("firefox", "dave"), null).ready())
                .isTrue();
    }

    @Test
    void quotaCountsLiveSessionsOnAMissAcrossAgents() throws Exception {
        fleet.startSession(fleet.engine("sim-east-02"), firefox, "erin");
        fleet.startSession(fleet.engine("sim-east-03"), firefox, "erin");
        assertThatThrownBy(() -> launcher.launch(new LaunchRequest("firefox", "erin"), null))
                .isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void aFailedCreateFailsOverToTheNextAgentAndRecordsBothAttempts() throws Exception {
        // The least loaded agent is asked first; its image vanishes after placement cached it.
        launcher.launch(new LaunchRequest("kali", "warmup"), null); // fills the image cache
        monitor.refreshAll();
        String first = new Placement(
                        monitor, new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker()), System::nanoTime, 0)
                .plan(firefox, null)
                .candidates()
                .get(0);
        fleet.engine(first).removeImage(firefox.image());

        StartupRecord r = launcher.launch(new LaunchRequest("firefox", "frank"), null);

        assertThat(r.ready()).isTrue();
        assertThat(r.agent()).isNotEqualTo(first);
        assertThat(r.attempts()).hasSize(2);
        assertThat(r.attempts().get(0).agent()).isEqualTo(first);
        assertThat(r.attempts().get(0).outcome()).isEqualTo("failed");
        assertThat(r.attempts().get(0).error()).contains("No such image");
        assertThat(r.attempts().get(1).outcome()).isEqualTo("ok");
    }

    @Test
    void noCapacityNamesTheReasonForEveryAgent() throws Exception {
        admin.set("sim-east-01", AgentState.CORDONED, "test", null);
        fleet.engine("sim-east-02").setDown(true);
        for (int i = 0; i < 8; i++) { // 8 × 4 = 32 cores: sim-east-03 is full
            fleet.startSession(fleet.engine("sim-east-03"), kali, "filler" + i);
        }
        monitor.refreshAll();

        StartupRecord r = launcher.launch(new LaunchRequest("kali", "gina"), null);

        assertThat(r.outcome()).isEqualTo(StartupRecord.Outcome.FAILED);
        assertThat(r.error())
                .contains("no agent can take a kali session")
                .contains("sim-east-01: cordoned")
                .contains("sim-east-02: offline")
                .contains("sim-east-03: no CPU capacity: 32 of 32 cores allocated");
        assertThat(r.containerId()).isNull();
    }

    @Test
    void recordsSurviveANewStoreOnTheSameJournal() throws Exception {
        StartupRecord a = launcher.launch(new LaunchRequest("firefox", "hank"), null);
        StartupRecord b = launcher.launch(new LaunchRequest("kali", "ivy"), null);
        store.close();

        List<StartupRecord> read = new ArrayList<>();
        try (JournalStartupStore reopened = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper())) {
            reopened.forEachSince(Instant.EPOCH, read::add);
        }
        store = new JournalStartupStore(dir.resolve("other.jsonl"), Json.mapper());
        assertThat(read).containsExactly(a, b);
    }

    @Test
    void concurrentLaunchesNeverOverfillAnAgent() throws Exception {
        // 3 agents: 16, 16, 32 CPUs = 64 cores = 16 kali sessions; ask for 20 at once.
        BulkLaunch bulk = new BulkLaunch(
                launcherWith(new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), 100), pool);
        List<BulkLaunch.Result> results = bulk.launch(new LaunchRequest("kali", "load"), 20, 4, null, r -> {})
                .results()
                .get();

        assertThat(results).filteredOn(BulkLaunch.Result::ready).hasSize(16);
        assertThat(results)
                .filteredOn(r -> !r.ready())
                .allSatisfy(r -> assertThat(r.record().error()).contains("no CPU capacity"));
        monitor.refreshAll();
        monitor.current().agents().forEach(a -> assertThat(a.allocatedCpus()).isLessThanOrEqualTo(a.capacityCpus()));
    }

    private int containers() throws Exception {
        int n = 0;
        for (String a : fleet.engines().keySet()) {
            n += fleet.engine(a).listContainers(true).size();
        }
        return n;
    }
}
