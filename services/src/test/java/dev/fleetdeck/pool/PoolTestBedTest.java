package dev.fleetdeck.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.launch.InProcessQuotaCache;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.launch.QuotaCheck;
import dev.fleetdeck.launch.Readiness;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.MutableClock;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging pools on real Docker engines; every claim about containers checked with the docker CLI. */
@RealTestBed
class PoolTestBedTest {
    private static final long MIB = 1L << 20;
    private static final List<String> AGENTS = List.of("agent1", "agent2");
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @TempDir
    Path dir;

    private FleetMonitor fleet;
    private JournalStartupStore store;
    private StagingPools pools;
    private PoolKeeper keeper;
    private Launcher launcher;

    private void build(TestBed bed, StagingPool stagingPool) throws Exception {
        WorkspaceType firefox =
                new WorkspaceType("firefox", bed.image("firefox"), 0.25, 128 * MIB, CpuAllocation.SHARES, 30);
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = new ArrayList<>();
        SessionClaims claims = new SessionClaims();
        for (String a : AGENTS) {
            monitors.add(new AgentMonitor(bed.agentConfig(a), bed.engine(a), admin, Clock.systemUTC(), claims));
        }
        fleet = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
        fleet.refreshAll();
        pools = new StagingPools(List.of(stagingPool), claims, fleet, clock, System::nanoTime, problems::add);
        store = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper());
        ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        launcher = new Launcher(
                fleet,
                name -> name.equals("firefox") ? firefox : null,
                new QuotaCheck(new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), fleet, 5),
                new Placement(
                        fleet, images, System::nanoTime, Duration.ofSeconds(4).toNanos()),
                images,
                new Readiness(System::nanoTime),
                store,
                pools,
                Clock.systemUTC(),
                System::nanoTime,
                problems::add);
        keeper = new PoolKeeper(pools, launcher, scheduler, clock, problems::add);
    }

    private static StagingPool firefoxPool(int size) {
        return new StagingPool(null, "firefox", size, Duration.ofMinutes(10), Map.of("STARTUP_SECONDS", "0"));
    }

    /** Ids of containers on every agent matching the filters, as {@code docker ps -q} lists them. */
    private static List<String> ps(TestBed bed, String... filters) {
        List<String> ids = new ArrayList<>();
        for (String agent : AGENTS) {
            List<String> args = new ArrayList<>(List.of("ps", "-q", "--no-trunc"));
            for (String f : filters) {
                args.add("--filter");
                args.add(f);
            }
            String out = bed.docker(agent, args.toArray(String[]::new)).strip();
            if (!out.isEmpty()) {
                ids.addAll(Arrays.asList(out.split("\\s+")));
            }
        }
        return ids;
    }

    private List<StartupRecord> stored() throws Exception {
        List<StartupRecord> all = new ArrayList<>();
        store.forEachSince(Instant.EPOCH, all::add);
        return all;
    }

    @AfterEach
    void close(TestBed bed) throws Exception {
        keeper.close();
        scheduler.shutdownNow();
        // Staged and claimed sessions carry the staged label; this test bed's engines are ours alone.
        for (String agent : AGENTS) {
            String ids = bed.docker(agent, "ps", "-aq", "--filter", "label=" + SessionLabels.STAGED + "=true")
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                bed.docker(agent, args.toArray(String[]::new));
            }
        }
        fleet.close();
        store.close();
        pool.shutdownNow();
    }

    @Test
    void keeperFillsAPoolOfTwoWithStagedHealthyContainers(TestBed bed) throws Exception {
        build(bed, firefoxPool(2));

        List<StagedSession> staged = keeper.refill();

        assertThat(staged).hasSize(2);
        assertThat(problems).isEmpty();
        List<String> healthy = ps(
                bed,
                "label=" + SessionLabels.STAGED + "=true",
                "health=healthy",
                "label=" + SessionLabels.USER + "=" + LaunchRequest.STAGED_USER);
        assertThat(healthy)
                .containsExactlyInAnyOrderElementsOf(
                        staged.stream().map(StagedSession::containerId).toList());
        // Staging is no user's startup: nothing was stored for the analyzer.
        assertThat(stored()).isEmpty();
        // A second round finds the pool full and stages nothing.
        assertThat(keeper.refill()).isEmpty();
    }

    @Test
    void aLaunchOfAPooledTypeTakesAStagedSessionAndTheKeeperRefills(TestBed bed) throws Exception {
        build(bed, firefoxPool(2));
        List<String> stagedIds =
                keeper.refill().stream().map(StagedSession::containerId).toList();
        String user = "pt-" + bed.runId();

        StartupRecord r =
                launcher.launch(new LaunchRequest("firefox", user, null, Map.of("STARTUP_SECONDS", "0")), null);

        assertThat(r.ready()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.staged()).isTrue();
        assertThat(stagedIds).contains(r.containerId());
        assertThat(r.performance().sessionCreateDurationMs()).isZero();
        assertThat(r.performance().monitoringDurationMs()).isZero();
        assertThat(r.performance().readinessSource()).isEqualTo("staged");
        assertThat(stored())
                .singleElement()
                .satisfies(stored -> assertThat(stored.staged()).isTrue());
        assertThat(pools.counts().hits()).isEqualTo(1);
        assertThat(pools.counts().misses()).isZero();
        // The container still says "(staged)"; the session list shows the user who claimed it.
        fleet.refreshAll();
        Session session = fleet.current()
                .sessions()
                .filter(s -> s.containerId().equals(r.containerId()))
                .findFirst()
                .orElseThrow();
        assertThat(session.user()).isEqualTo(user);
        assertThat(pools.available()).extracting(StagedSession::containerId).doesNotContain(r.containerId());

        List<StagedSession> refilled = keeper.refill();

        assertThat(refilled).hasSize(1);
        assertThat(pools.available()).hasSize(2);
        assertThat(ps(bed, "label=" + SessionLabels.STAGED + "=true", "health=healthy"))
                .hasSize(3);
    }

    @Test
    void aStagedSessionOlderThanMaxAgeIsRemovedAndReplaced(TestBed bed) throws Exception {
        build(bed, new StagingPool(null, "firefox", 1, Duration.ofMinutes(5), Map.of("STARTUP_SECONDS", "0")));
        String old = keeper.refill().get(0).containerId();
        clock.advance(Duration.ofMinutes(4));
        assertThat(keeper.refill()).as("younger than max age: kept").isEmpty();

        clock.advance(Duration.ofMinutes(1));
        List<StagedSession> fresh = keeper.refill();

        assertThat(fresh)
                .singleElement()
                .satisfies(s -> assertThat(s.containerId()).isNotEqualTo(old));
        assertThat(ps(bed, "id=" + old)).as("the stale container is gone").isEmpty();
        assertThat(bed.docker("agent1", "ps", "-aq", "--filter", "id=" + old).strip()
                        + bed.docker("agent2", "ps", "-aq", "--filter", "id=" + old)
                                .strip())
                .isEmpty();
        assertThat(ps(bed, "label=" + SessionLabels.STAGED + "=true", "health=healthy"))
                .containsExactly(fresh.get(0).containerId());
    }

    @Test
    void aColdLaunchOfAPooledTypeCountsAsAMissAndOtherTypesAreNotCounted(TestBed bed) throws Exception {
        build(bed, firefoxPool(1)); // a pool, empty: nothing was staged yet

        StartupRecord r = launcher.launch(
                new LaunchRequest("firefox", "pt-" + bed.runId(), null, Map.of("STARTUP_SECONDS", "0")), null);

        assertThat(r.ready()).as(String.valueOf(r.error())).isTrue();
        assertThat(r.staged()).isFalse();
        assertThat(pools.counts().misses()).isEqualTo(1);
        assertThat(pools.counts().hits()).isZero();
        bed.docker(r.agent(), "rm", "-f", r.containerId());
    }
}
