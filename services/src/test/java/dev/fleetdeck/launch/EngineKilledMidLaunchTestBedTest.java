package dev.fleetdeck.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecord.PlacementAttempt;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.AgentStates;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's engine is killed (SIGKILL) while a bulk launch is spreading sessions over it and
 * another agent.
 * The docker CLI is the witness of what really runs.
 */
@RealTestBed
class EngineKilledMidLaunchTestBedTest {
    private static final long MIB = 1L << 20;
    private static final String SURVIVOR = "agent2";
    private static final String VICTIM = "agent3";
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final ExecutorService launches = Executors.newFixedThreadPool(4);
    private final ExecutorService refresh = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @TempDir
    Path dir;

    private static String user(TestBed bed) {
        return "kill-" + bed.runId();
    }

    private FleetMonitor fleet(TestBed bed, ScheduledExecutorService scheduler) {
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = List.of(SURVIVOR, VICTIM).stream()
                .map(a -> new AgentMonitor(bed.agentConfig(a), bed.engine(a), admin, Clock.systemUTC()))
                .toList();
        FleetMonitor fleet = new FleetMonitor(monitors, INTERVAL, 10, scheduler, refresh, Clock.systemUTC());
        closing.add(fleet);
        return fleet;
    }

    @AfterEach
    void cleanUp(TestBed bed) throws Exception {
        // Whatever happened, the victim comes back for the tests after this one.
        bed.startAgent(VICTIM);
        for (AutoCloseable c : closing) {
            c.close();
        }
        for (String agent : List.of(SURVIVOR, VICTIM)) {
            String ids = bed.docker(agent, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=" + user(bed))
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                bed.docker(agent, args.toArray(String[]::new));
            }
        }
        launches.shutdownNow();
        refresh.shutdownNow();
        ticks.shutdownNow();
    }

    @Test
    void launchesNotYetCreatedOnAKilledAgentFailOverAndEveryLaunchEndsClearly(TestBed bed) throws Exception {
        // The launcher's view of the fleet is refreshed once and then left alone: it stands for the
        // moments between an engine's death and the monitor's next refresh, when placement still
        // believes in the agent. A second monitor, refreshing on its own, is the one timed below.
        FleetMonitor launcherView = fleet(bed, null);
        launcherView.refreshAll();
        FleetMonitor watch = fleet(bed, ticks);
        watch.start();
        AgentStates.await(watch, VICTIM, AgentState.ENABLED, Duration.ofSeconds(10));

        WorkspaceType firefox =
                new WorkspaceType("firefox", bed.image("firefox"), 0.25, 128 * MIB, CpuAllocation.SHARES, 30);
        List<String> problems = new CopyOnWriteArrayList<>();
        JournalStartupStore store = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper());
        closing.add(store);
        ImagePresence images = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        Launcher launcher = new Launcher(
                launcherView,
                name -> name.equals("firefox") ? firefox : null,
                new QuotaCheck(
                        new InProcessQuotaCache(Duration.ofSeconds(60), Ticker.systemTicker()), launcherView, 100),
                new Placement(
                        launcherView,
                        images,
                        System::nanoTime,
                        Duration.ofSeconds(30).toNanos()),
                images,
                new Readiness(System::nanoTime),
                store,
                Clock.systemUTC(),
                System::nanoTime,
                problems::add);

        CountDownLatch waitingOnVictim = new CountDownLatch(2);
        long started = System.nanoTime();
        BulkLaunch.Handle bulk = new BulkLaunch(launcher, launches)
                .launch(
                        new LaunchRequest("firefox", user(bed), null, Map.of("STARTUP_SECONDS", "2")),
                        8,
                        4,
                        e -> {
                            if (e.phase() == LaunchEvent.Phase.READINESS && VICTIM.equals(e.agent())) {
                                waitingOnVictim.countDown();
                            }
                        },
                        r -> {});

        assertThat(waitingOnVictim.await(30, TimeUnit.SECONDS))
                .as("two sessions waiting on " + VICTIM)
                .isTrue();
        long stopped = System.nanoTime();
        bed.killAgent(VICTIM);
        AgentStates.await(watch, VICTIM, AgentState.OFFLINE, Duration.ofSeconds(10));
        long offlineMs = (System.nanoTime() - stopped) / 1_000_000;

        List<BulkLaunch.Result> results = bulk.results().get(90, TimeUnit.SECONDS);
        long allDoneMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "%s offline %d ms after its engine was killed; all 8 launches ended after %d ms%n",
                VICTIM, offlineMs, allDoneMs);
        results.forEach(r -> System.out.println("  "
                + (r.record() == null
                        ? r.refusal()
                        : r.record().outcome() + " " + r.record().agent() + " "
                                + r.record().attempts() + " " + r.record().error())));

        // Not the ready timeout (60 s): a launch gives up on an agent that stops answering.
        assertThat(allDoneMs).as("all launches ended").isLessThan(30_000);
        assertThat(offlineMs)
                .as("offline within two refresh intervals")
                .isLessThanOrEqualTo(2 * INTERVAL.toMillis() + 500);
        List<StartupRecord> records =
                results.stream().map(BulkLaunch.Result::record).toList();
        assertThat(records)
                .as("every launch ended with a record, none refused or cancelled")
                .doesNotContainNull();
        for (StartupRecord r : records) {
            if (!r.ready()) {
                // Created on the victim before it died: the launch names the agent that went silent,
                // either at the first status check or after three missed ones.
                assertThat(r.agent()).as(r.sessionId()).isEqualTo(VICTIM);
                assertThat(r.error())
                        .as(r.sessionId())
                        .doesNotContain("\n")
                        .satisfiesAnyOf(
                                e -> assertThat(e).startsWith(VICTIM + ": "),
                                e -> assertThat(e)
                                        .startsWith(
                                                "no answer to 3 status checks in a row while waiting for readiness; last: "
                                                        + VICTIM + ": "));
            }
        }
        // Placed on the dead agent before anyone knew, created on the survivor instead.
        List<StartupRecord> failedOver = records.stream()
                .filter(r -> r.ready() && r.attempts().size() == 2)
                .toList();
        assertThat(failedOver).as("launches that failed over").isNotEmpty();
        for (StartupRecord r : failedOver) {
            assertThat(r.agent()).isEqualTo(SURVIVOR);
            assertThat(r.attempts().get(0).agent()).isEqualTo(VICTIM);
            assertThat(r.attempts().get(0).outcome()).isEqualTo("failed");
            assertThat(r.attempts().get(0).error()).startsWith(VICTIM + ": ");
            assertThat(r.attempts().get(1))
                    .extracting(PlacementAttempt::agent, PlacementAttempt::outcome)
                    .containsExactly(SURVIVOR, "ok");
        }
        // What runs on the survivor is exactly the sessions reported ready there: nothing left over.
        Set<String> readyOnSurvivor = records.stream()
                .filter(r -> r.ready() && SURVIVOR.equals(r.agent()))
                .map(StartupRecord::containerId)
                .collect(Collectors.toSet());
        Set<String> onSurvivor = Set.of(bed.docker(
                        SURVIVOR,
                        "ps",
                        "-aq",
                        "--no-trunc",
                        "--filter",
                        "label=" + SessionLabels.USER + "=" + user(bed))
                .strip()
                .split("\\s+"));
        assertThat(onSurvivor).isEqualTo(readyOnSurvivor);
        for (String id : readyOnSurvivor) {
            assertThat(bed.docker(SURVIVOR, "inspect", "-f", "{{.State.Health.Status}}", id)
                            .strip())
                    .isEqualTo("healthy");
        }
        // A failure was the launch's own business: every record says it, the problem channel only
        // speaks of containers it could not remove from the dead agent.
        assertThat(problems).allSatisfy(p -> assertThat(p).contains(VICTIM));

        bed.startAgent(VICTIM);
        long restarted = System.nanoTime();
        AgentStates.await(watch, VICTIM, AgentState.ENABLED, Duration.ofSeconds(15));
        long backMs = (System.nanoTime() - restarted) / 1_000_000;
        System.out.printf("%s back %d ms after its engine started%n", VICTIM, backMs);
        assertThat(backMs).as("back within two refresh intervals").isLessThanOrEqualTo(2 * INTERVAL.toMillis() + 500);
    }
}
