package dev.fleetdeck.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launch pipeline against real Docker engines; every claim checked with the docker CLI. */
@RealTestBed
class LauncherTestBedTest {
    private static final long MIB = 1L << 20;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private FleetMonitor fleet;
    private JournalStartupStore store;

    private Launcher launcher(TestBed bed, List<String> agents, List<WorkspaceType> catalog, int maxPerUser)
            throws Exception {
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = agents.stream()
                .map(a -> new AgentMonitor(bed.agentConfig(a), bed.engine(a), admin, Clock.systemUTC()))
                .toList();
        fleet = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
        fleet.refreshAll();
        store = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper());
        ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        return new Launcher(
                fleet,
                name -> catalog.stream()
                        .filter(w -> w.name().equals(name))
                        .findFirst()
                        .orElse(null),
                new QuotaCheck(
                        new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), fleet, maxPerUser),
                new Placement(
                        fleet, images, System::nanoTime, Duration.ofSeconds(4).toNanos()),
                images,
                new Readiness(System::nanoTime),
                store,
                Clock.systemUTC(),
                System::nanoTime,
                problems::add);
    }

    private static WorkspaceType ws(String name, String image, double cores, long mem, CpuAllocation alloc) {
        return new WorkspaceType(name, image, cores, mem, alloc, 30);
    }

    private static LaunchRequest request(String type, String user, String startupSeconds) {
        return new LaunchRequest(type, user, null, Map.of("STARTUP_SECONDS", startupSeconds));
    }

    @AfterEach
    void close(TestBed bed) throws Exception {
        // Sessions launched here carry no test label: remove them by their session label.
        for (String agent : bed.agents()) {
            String ids = bed.docker(
                            agent, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=lt-" + bed.runId())
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                bed.docker(agent, args.toArray(String[]::new));
            }
        }
        if (fleet != null) {
            fleet.close();
        }
        if (store != null) {
            store.close();
        }
        pool.shutdownNow();
    }

    private JsonNode inspect(TestBed bed, String agent, String id) throws Exception {
        return mapper.readTree(bed.docker(agent, "inspect", id)).get(0);
    }

    @Test
    void launchesCarryLabelsAndResourceSettingsAsDockerInspectShows(TestBed bed) throws Exception {
        String user = "lt-" + bed.runId();
        Launcher launcher = launcher(
                bed,
                List.of("agent1", "agent2"),
                List.of(
                        ws("firefox", bed.image("firefox"), 0.5, 256 * MIB, CpuAllocation.SHARES),
                        ws("kali", bed.image("kali"), 1.5, 384 * MIB, CpuAllocation.QUOTAS)),
                5);

        StartupRecord shares = launcher.launch(request("firefox", user, "0"), null);
        StartupRecord quotas = launcher.launch(request("kali", user, "0"), null);

        assertThat(shares.ready()).as(String.valueOf(shares.error())).isTrue();
        assertThat(quotas.ready()).as(String.valueOf(quotas.error())).isTrue();
        JsonNode s = inspect(bed, shares.agent(), shares.containerId());
        assertThat(s.at("/Config/Labels/fleetdeck.session").asText()).isEqualTo(shares.sessionId());
        assertThat(s.at("/Config/Labels/fleetdeck.user").asText()).isEqualTo(user);
        assertThat(s.at("/Config/Labels/fleetdeck.workspace").asText()).isEqualTo("firefox");
        assertThat(s.at("/Config/Labels/fleetdeck.cores").asText()).isEqualTo("0.5");
        assertThat(s.at("/Config/Labels/fleetdeck.memory").asLong()).isEqualTo(256 * MIB);
        assertThat(s.at("/HostConfig/Memory").asLong()).isEqualTo(256 * MIB);
        assertThat(s.at("/HostConfig/CpuShares").asLong()).isEqualTo(512);
        assertThat(s.at("/HostConfig/NanoCpus").asLong()).isZero();
        assertThat(s.at("/State/Health/Status").asText()).isEqualTo("healthy");
        JsonNode q = inspect(bed, quotas.agent(), quotas.containerId());
        assertThat(q.at("/HostConfig/NanoCpus").asLong()).isEqualTo(1_500_000_000L);
        assertThat(q.at("/HostConfig/CpuShares").asLong()).isZero();
        assertThat(q.at("/HostConfig/Memory").asLong()).isEqualTo(384 * MIB);
        // Least loaded first: the second launch went to the other agent.
        assertThat(quotas.agent()).isNotEqualTo(shares.agent());
    }

    @Test
    void readinessOfAnImageWithAHealthcheckComesFromTheHealthEvent(TestBed bed) throws Exception {
        String user = "lt-" + bed.runId();
        Launcher launcher = launcher(
                bed,
                List.of("agent1"),
                List.of(ws("firefox", bed.image("firefox"), 0.5, 256 * MIB, CpuAllocation.SHARES)),
                5);

        StartupRecord r = launcher.launch(request("firefox", user, "1.5"), null);

        assertThat(r.ready()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.performance().readinessSource()).isEqualTo("events");
        // The session sleeps 1.5 s before it is healthy: readiness cannot have been seen earlier.
        assertThat(r.performance().monitoringDurationMs()).isGreaterThanOrEqualTo(1400);
        assertThat(inspect(bed, "agent1", r.containerId())
                        .at("/State/Health/Status")
                        .asText())
                .isEqualTo("healthy");
        assertThat(r.performance().statusCheckAttempts()).isBetween(1, 3);
        assertThat(r.performance().totalStartupTimeMs())
                .isGreaterThanOrEqualTo(
                        r.performance().monitoringDurationMs() + r.performance().sessionCreateDurationMs());
    }

    @Test
    void aUserOverQuotaIsRefusedAndNoContainerIsCreated(TestBed bed) throws Exception {
        String user = "lt-" + bed.runId();
        Launcher launcher = launcher(
                bed,
                List.of("agent1", "agent2"),
                List.of(ws("firefox", bed.image("firefox"), 0.25, 128 * MIB, CpuAllocation.SHARES)),
                1);
        assertThat(launcher.launch(request("firefox", user, "0"), null).ready()).isTrue();

        assertThatThrownBy(() -> launcher.launch(request("firefox", user, "0"), null))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("1 of 1");
        int containers = 0;
        for (String agent : List.of("agent1", "agent2")) {
            String ids = bed.docker(agent, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=" + user)
                    .strip();
            containers += ids.isEmpty() ? 0 : ids.split("\\s+").length;
        }
        assertThat(containers).isEqualTo(1);
    }

    @Test
    void aCreateThatFailsOnTheFirstAgentFailsOverToTheNext(TestBed bed) throws Exception {
        String user = "lt-" + bed.runId();
        String image = "fleetdeck/failover-" + bed.runId() + ":1.0";
        for (String agent : List.of("agent1", "agent2")) {
            bed.docker(agent, "tag", bed.image("firefox"), image);
        }
        try {
            Launcher launcher = launcher(
                    bed,
                    List.of("agent1", "agent2"),
                    List.of(ws("firefox", image, 0.25, 128 * MIB, CpuAllocation.SHARES)),
                    5);
            // Placement sees the image on both (and caches it); then it vanishes from the first choice.
            Placement probe = new Placement(
                    fleet, new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker()), System::nanoTime, 0);
            launcher.launch(request("firefox", user, "0"), null); // warms the launcher's image cache
            fleet.refreshAll();
            String first = probe.plan(
                            new WorkspaceType("firefox", image, 0.25, 128 * MIB, CpuAllocation.SHARES, 30), null)
                    .candidates()
                    .get(0);
            bed.docker(first, "rmi", image);

            StartupRecord r = launcher.launch(request("firefox", user, "0"), null);

            assertThat(r.ready()).as(String.valueOf(r.error())).isTrue();
            assertThat(r.agent()).isNotEqualTo(first);
            assertThat(r.attempts())
                    .extracting(StartupRecord.PlacementAttempt::agent)
                    .containsExactly(first, r.agent());
            assertThat(r.attempts().get(0).outcome()).isEqualTo("failed");
            assertThat(r.attempts().get(0).error()).containsIgnoringCase("no such image");
            assertThat(bed.docker(first, "ps", "-aq", "--filter", "label=fleetdeck.session=" + r.sessionId())
                            .strip())
                    .as("nothing left on the agent that failed")
                    .isEmpty();
        } finally {
            for (String agent : List.of("agent1", "agent2")) {
                try {
                    bed.docker(agent, "rmi", "-f", image);
                } catch (RuntimeException alreadyGone) {
                    // removed by the test itself
                }
            }
        }
    }

    @Test
    void recordsSurviveARestartOfTheConsole(TestBed bed) throws Exception {
        String user = "lt-" + bed.runId();
        Launcher launcher = launcher(
                bed,
                List.of("agent2"),
                List.of(ws("firefox", bed.image("firefox"), 0.25, 128 * MIB, CpuAllocation.SHARES)),
                5);
        StartupRecord a = launcher.launch(request("firefox", user, "0"), null);
        StartupRecord b = launcher.launch(request("firefox", user, "0"), null);
        store.close();

        List<StartupRecord> read = new ArrayList<>();
        try (JournalStartupStore again = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper())) {
            again.forEachSince(Instant.EPOCH, read::add);
        }
        assertThat(read).containsExactly(a, b);
        store = null;
    }
}
