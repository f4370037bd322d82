package dev.fleetdeck.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.launch.InProcessQuotaCache;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.launch.QuotaCheck;
import dev.fleetdeck.launch.Readiness;
import dev.fleetdeck.launch.StagedSessions;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pools' decisions on the simulated fleet; PoolTestBedTest proves them on Docker. */
class StagingPoolsTest {
    private static final long GIB = 1L << 30;
    private final WorkspaceType firefox =
            new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 30);
    private final WorkspaceType kali =
            new WorkspaceType("kali", "kasmweb/kali:1.17.0", 4, 8 * GIB, CpuAllocation.QUOTAS, 50);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AdminStates admin = new AdminStates();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LostAnswers store0 = new LostAnswers(new InMemoryPoolStore());
    private final SessionClaims claims = new SessionClaims(store0, System::nanoTime);

    @TempDir
    Path dir;

    private SimulatedFleet fleet;
    private FleetMonitor monitor;
    private JournalStartupStore store;
    private StagingPools pools;
    private PoolKeeper keeper;
    private Launcher launcher;

    @BeforeEach
    void setUp() throws Exception {
        fleet = new SimulatedFleet(3, List.of("east", "west"), List.of(firefox, kali), 1, System::nanoTime);
        monitor = unreadMonitor();
        monitor.refreshAll();
        store = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper());
        pools = pools(monitor);
        launcher = launcher(monitor, pools);
        keeper = new PoolKeeper(pools, launcher, scheduler, clock, problems::add);
    }

    /** A monitor of the simulated fleet that has not read any agent yet. */
    private FleetMonitor unreadMonitor() {
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map(c -> new AgentMonitor(c, fleet.engine(c.name()), admin, Clock.systemUTC(), claims))
                .toList();
        return new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
    }

    private StagingPools pools(FleetMonitor fleetMonitor) {
        return new StagingPools(
                List.of(new StagingPool(null, "firefox", 4, Duration.ofMinutes(10))),
                claims,
                fleetMonitor,
                clock,
                System::nanoTime,
                problems::add);
    }

    private Launcher launcher(FleetMonitor fleetMonitor, StagingPools stagingPools) {
        ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        return new Launcher(
                fleetMonitor,
                n -> n.equals("firefox") ? firefox : n.equals("kali") ? kali : null,
                new QuotaCheck(new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), fleetMonitor, 5),
                new Placement(
                        fleetMonitor,
                        images,
                        System::nanoTime,
                        Duration.ofSeconds(4).toNanos()),
                images,
                new Readiness(System::nanoTime),
                store,
                stagingPools,
                Clock.systemUTC(),
                System::nanoTime,
                problems::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        keeper.close();
        scheduler.shutdownNow();
        store.close();
        pool.shutdownNow();
    }

    @Test
    void aClosedKeeperStagesNothingEvenWhenARefillWasStillQueued() throws Exception {
        keeper.close();

        assertThat(keeper.refill()).isEmpty();
        monitor.refreshAll();
        assertThat(monitor.current().stagedSessions()).isZero();
        assertThat(pools.status()).containsExactly(new PoolStatus("firefox", null, 0, 4));
    }

    @Test
    void statusCountsReadySessionsPerPoolAndTheMonitorCountsThemPerAgent() throws Exception {
        keeper.refill();
        monitor.refreshAll();

        assertThat(pools.status()).containsExactly(new PoolStatus("firefox", null, 4, 4));
        assertThat(monitor.current().stagedSessions()).isEqualTo(4);
        launcher.launch(new LaunchRequest("firefox", "alice"), null);
        monitor.refreshAll();
        assertThat(pools.status())
                .as("one claimed today")
                .containsExactly(new PoolStatus("firefox", null, 3, 4, 1, null));
        assertThat(monitor.current().stagedSessions())
                .as("the claimed one is alice's now")
                .isEqualTo(3);
        assertThat(monitor.current().sessions().filter(s -> s.user().equals("alice")))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.staged()).isTrue();
                    assertThat(s.claimed()).isTrue();
                    assertThat(s.waitingInPool()).isFalse();
                });
    }

    @Test
    void concurrentLaunchesNeverGetTheSameStagedSession() throws Exception {
        List<StagedSession> staged = keeper.refill();
        assertThat(staged).hasSize(4);
        List<Callable<StartupRecord>> launches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String user = "u" + i;
            launches.add(() -> launcher.launch(new LaunchRequest("firefox", user), null));
        }

        List<StartupRecord> records = new ArrayList<>();
        for (Future<StartupRecord> f : pool.invokeAll(launches)) {
            records.add(f.get());
        }

        List<String> fromPool = records.stream()
                .filter(StartupRecord::staged)
                .map(StartupRecord::containerId)
                .toList();
        assertThat(fromPool)
                .hasSize(4)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        staged.stream().map(StagedSession::containerId).toList());
        assertThat(records).allSatisfy(r -> assertThat(r.ready()).isTrue());
        assertThat(pools.counts().hits()).isEqualTo(4);
        assertThat(pools.counts().misses()).isEqualTo(2);
    }

    @Test
    void aClaimedSessionShowsItsUserInTheSessionList() throws Exception {
        keeper.refill();
        StartupRecord r = launcher.launch(new LaunchRequest("firefox", "alice"), null);

        monitor.refreshAll();

        assertThat(monitor.current().sessions().filter(s -> s.containerId().equals(r.containerId())))
                .singleElement()
                .satisfies(s -> assertThat(s.user()).isEqualTo("alice"));
        assertThat(monitor.current().sessions().filter(s -> s.user().equals(LaunchRequest.STAGED_USER)))
                .hasSize(3);
    }

    @Test
    void aStagedSessionOnACordonedAgentIsNotHandedOutAndIsRemovedByTheNextRound() throws Exception {
        List<StagedSession> staged = keeper.refill();
        String cordoned = staged.get(0).agent();
        admin.set(cordoned, AgentState.CORDONED, "test", null);
        monitor.refreshAll();

        List<StartupRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(launcher.launch(new LaunchRequest("firefox", "u" + i), null));
        }
        assertThat(records).allSatisfy(r -> assertThat(r.agent()).isNotEqualTo(cordoned));

        keeper.refill();

        assertThat(pools.available())
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.agent()).isNotEqualTo(cordoned));
        assertThat(fleet.engine(cordoned).listContainers(true))
                .noneMatch(c -> staged.stream().anyMatch(s -> s.containerId().equals(c.id())));
    }

    @Test
    void aKeeperStartedBeforeTheFleetsFirstReadingWaitsForItInsteadOfRestagingThePools() throws Exception {
        assertThat(keeper.refill()).hasSize(4);
        // A console started again over the same store: its monitor has not read any agent yet.
        FleetMonitor unread = unreadMonitor();
        StagingPools again = pools(unread);
        try (PoolKeeper restarted = new PoolKeeper(again, launcher(unread, again), scheduler, clock, problems::add)) {
            problems.clear();

            // Every agent unread looked offline: the round staged four more, placement refused them
            // all ("not answering yet") and each refusal was told.
            assertThat(restarted.refill()).isEmpty();
            assertThat(problems).isEmpty();

            unread.refreshAll();
            assertThat(restarted.refill()).as("the pool is full once read").isEmpty();
            assertThat(again.status()).containsExactly(new PoolStatus("firefox", null, 4, 4));
            assertThat(problems).isEmpty();
            unread.refreshAll();
            assertThat(unread.current().stagedSessions()).isEqualTo(4);
        }
    }

    @Test
    void aStartedKeeperFillsThePoolsSoonAfterTheFleetsFirstReadingNotAtItsNextRound() throws Exception {
        FleetMonitor unread = unreadMonitor();
        StagingPools fresh = pools(unread);
        CountDownLatch staged = new CountDownLatch(4);
        Consumer<String> actions = line -> {
            if (line.startsWith("staged ")) {
                staged.countDown();
            }
        };
        try (PoolKeeper k = new PoolKeeper(
                fresh, launcher(unread, fresh), scheduler, clock, problems::add, actions, Runnable::run)) {
            // Rounds ten minutes apart: only the keeper's own retry can fill the pool in this test.
            k.start(Duration.ofMinutes(10), Duration.ofMinutes(10));
            assertThat(k.refill()).as("a round before the first reading").isEmpty();

            unread.refreshAll();

            assertThat(staged.await(10, TimeUnit.SECONDS))
                    .as("staged within 10 s of the first reading")
                    .isTrue();
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void removingAStagedSessionWhoseContainerIsAlreadyGoneIsNotAProblem() throws Exception {
        StagedSession s = keeper.refill().get(0);
        fleet.engine(s.agent()).remove(s.containerId(), true);
        problems.clear();

        pools.remove(s);

        assertThat(problems).isEmpty();
    }

    @Test
    void aStagedSessionClaimedWhileItsAddGotNoAnswerStaysTheClaimersSession() throws Exception {
        // The add reaches the store, a launch claims the session, then the keeper's add times out.
        List<StartupRecord> alice = new CopyOnWriteArrayList<>();
        store0.loseNextAddAnswer(true, () -> {
            try {
                alice.add(launcher.launch(new LaunchRequest("firefox", "alice"), null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        keeper.refill();

        assertThat(alice).singleElement().satisfies(r -> assertThat(r.staged()).isTrue());
        StartupRecord r = alice.get(0);
        assertThat(fleet.engine(r.agent()).listContainers(false))
                .as("alice's session still runs")
                .anyMatch(c -> c.id().equals(r.containerId()));
        assertThat(problems).anyMatch(p -> p.contains("timed out"));
    }

    @Test
    void anAddThatNeverReachedTheStoreLeavesNoStagedContainerBehind() throws Exception {
        store0.loseNextAddAnswer(false, () -> {});

        keeper.refill();
        monitor.refreshAll();

        assertThat(pools.available()).hasSize(3);
        assertThat(monitor.current().stagedSessions())
                .as("the staged container nobody can claim was removed")
                .isEqualTo(3);
    }

    @Test
    void aLaunchForAZoneTakesOnlyAStagedSessionOfThatZone() throws Exception {
        keeper.refill();
        Set<String> eastAgents = ConcurrentHashMap.newKeySet();
        fleet.agentConfigs().stream().filter(c -> "east".equals(c.zone())).forEach(c -> eastAgents.add(c.name()));

        // Four staged over three agents, least loaded first: east has at least one.
        Optional<StagedSessions.Claim> claim = pools.claim(firefox, "east", "bob");
        Optional<StagedSessions.Claim> nowhere = pools.claim(firefox, "north", "bob");

        assertThat(claim).hasValueSatisfying(c -> assertThat(eastAgents).contains(c.agent()));
        assertThat(nowhere).isEmpty();
        assertThat(pools.counts().misses()).isEqualTo(1);
    }

    @Test
    void aTypeWithoutAPoolIsNeitherTakenFromAPoolNorCounted() throws Exception {
        keeper.refill();

        StartupRecord r = launcher.launch(new LaunchRequest("kali", "carol"), null);

        assertThat(r.staged()).isFalse();
        assertThat(pools.counts().hits() + pools.counts().misses()).isZero();
    }

    @Test
    void simulatedEnginesCopyAnImageBySaveAndLoad() throws Exception {
        var a = fleet.engine(fleet.agentConfigs().get(0).name());
        var b = fleet.engine(fleet.agentConfigs().get(1).name());
        a.addImage("fleetdeck/copied:1.0");

        try (var tar = a.saveImage("fleetdeck/copied:1.0")) {
            b.loadImage(tar);
        }

        assertThat(b.imageTags()).contains("fleetdeck/copied:1.0");
    }

    /** A store whose next add loses its answer: applied or not, then the caller is told it timed out. */
    private static final class LostAnswers implements PoolStore {
        private final PoolStore store;
        private volatile Runnable lose;
        private volatile boolean applied;

        LostAnswers(PoolStore store) {
            this.store = store;
        }

        void loseNextAddAnswer(boolean applied, Runnable meanwhile) {
            this.applied = applied;
            this.lose = meanwhile;
        }

        @Override
        public List<PoolEntry> ready() throws IOException {
            return store.ready();
        }

        @Override
        public void add(PoolEntry entry) throws IOException {
            Runnable meanwhile = lose;
            if (meanwhile == null) {
                store.add(entry);
                return;
            }
            lose = null;
            if (applied) {
                store.add(entry);
            }
            meanwhile.run();
            throw new IOException("the staging pools are unreachable: Command timed out after 3 second(s)");
        }

        @Override
        public Optional<PoolEntry> claim(List<PoolEntry> candidates, String user, Instant at) throws IOException {
            return store.claim(candidates, user, at);
        }

        @Override
        public boolean withdraw(String sessionId) throws IOException {
            return store.withdraw(sessionId);
        }

        @Override
        public Map<String, PoolClaim> claims() throws IOException {
            return store.claims();
        }

        @Override
        public void forget(String sessionId) throws IOException {
            store.forget(sessionId);
        }

        @Override
        public Map<String, Integer> claimedOn(LocalDate day) throws IOException {
            return store.claimedOn(day);
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }
}
