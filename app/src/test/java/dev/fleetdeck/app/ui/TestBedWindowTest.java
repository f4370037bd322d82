package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.DrainBackends;
import dev.fleetdeck.app.OpenedFleet;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.SharedBackends;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.pool.FilePoolStore;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.testbed.TestBed;
import dev.fleetdeck.ui.fleet.FleetRow;
import dev.fleetdeck.ui.launch.LaunchesView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The whole window, wired as the application wires it, on the real test-bed engines. */
@RealTestBed
@ExtendWith(ApplicationExtension.class)
class TestBedWindowTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private Services services;
    private ConsoleUi ui;
    private String user;

    /** Claimed staged sessions keep their "(staged)" label, so the cleanup by user misses them. */
    private final List<String> claimedContainers = new ArrayList<>();

    /** @param firefoxPool staged firefox sessions to keep (0 = no pool) */
    private void open(TestBed bed, int firefoxPool) throws Exception {
        user = "ui-" + bed.runId();
        // One zone, so the firefox pool is one pool (pools are per zone).
        List<AgentConfig> agents = bed.agents().stream()
                .map(bed::agentConfig)
                .map(a -> new AgentConfig(
                        a.name(),
                        a.host(),
                        a.tlsDir(),
                        AgentConfig.DEFAULT_ZONE,
                        a.enabled(),
                        a.cpuOverride(),
                        a.ramOverride(),
                        a.insecure()))
                .toList();
        List<WorkspaceType> catalog = List.of(
                new WorkspaceType(
                        "firefox",
                        bed.image("firefox"),
                        0.25,
                        128 * MIB,
                        CpuAllocation.SHARES,
                        30,
                        firefoxPool,
                        Duration.ofHours(1)),
                new WorkspaceType("kali", bed.image("kali"), 0.5, 256 * MIB, CpuAllocation.QUOTAS, 50));
        FleetConfig config = new FleetConfig(
                Optional.empty(),
                agents,
                Optional.empty(),
                catalog,
                new FleetConfig.Settings(
                        Duration.ofMillis(500), Duration.ofSeconds(3), 85, 95, 10, Optional.empty(), Optional.empty()));
        Map<String, AgentEngine> engines = new LinkedHashMap<>();
        bed.agents().forEach(a -> engines.put(a, bed.engine(a)));
        services = new Services(
                new OpenedFleet(config, engines, "test bed " + bed.agents(), null),
                new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper()),
                null,
                DrainBackends.open(Optional.empty(), false, dir, Json.mapper()),
                SharedBackends.inProcess(null, p -> {})
                        .withPools(new FilePoolStore(dir.resolve("pools.json"), Json.mapper())),
                p -> {});
        ui = ConsoleStage.show(services);
        WaitForAsyncUtils.waitForFxEvents();
        if (firefoxPool > 0) {
            services.startPools();
            // The keeper waits for the monitor's first readings, then stages one after another.
            WaitForAsyncUtils.waitFor(
                    60,
                    TimeUnit.SECONDS,
                    () -> services.stagingPools().status().get(0).ready() == firefoxPool);
        }
    }

    @AfterEach
    void close(TestBed bed) throws Exception {
        ConsoleStage.close(ui);
        if (services != null) {
            // The pools outlive a window; the test removes its staged sessions itself.
            services.poolKeeper().close();
            services.poolKeeper().drainPools();
            services.fleet().close();
        }
        for (String id : claimedContainers) {
            for (String agent : bed.agents()) {
                if (!bed.docker(agent, "ps", "-aq", "--filter", "id=" + id).isBlank()) {
                    bed.docker(agent, "rm", "-f", id);
                }
            }
        }
        for (String agent : bed.agents()) {
            String ids = bed.docker(agent, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=" + user)
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                bed.docker(agent, args.toArray(String[]::new));
            }
        }
    }

    @Test
    void fleetViewShowsTheRealAgentsAndFollowsAnEngineThatStops(FxRobot robot, TestBed bed) throws Exception {
        open(bed, 2);
        TableView<FleetRow> rows = robot.lookup("#fleet-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> snapshots(rows).size() == 3
                        && snapshots(rows).stream().allMatch(a -> a.state() == AgentState.ENABLED));
        assertThat(snapshots(rows)).extracting(AgentSnapshot::name).containsExactlyElementsOf(bed.agents());
        assertThat(snapshots(rows)).allSatisfy(a -> {
            assertThat(a.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(a.dockerVersion()).startsWith("20.10");
        });
        assertThat(robot.lookup("#demo-banner").tryQuery())
                .as("a real fleet has no demo banner")
                .isEmpty();
        // The pool's two staged sessions: in the totals, and apart from users' sessions in the rows.
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> snapshots(rows).stream()
                                .mapToInt(AgentSnapshot::stagedSessions)
                                .sum()
                        == 2);
        // The tile reads the pools with the next refresh after the second one was handed to the pool.
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#pools-tile .tile-value")
                        .queryLabeled()
                        .getText()
                        .equals("firefox in default 2/2 staged · kept by "
                                + services.keeperLease().owner()));
        Thread.sleep(2500); // a few readings for the sparklines
        Screenshots.capture("fleet-view");

        bed.stopAgent("agent3");
        try {
            WaitForAsyncUtils.waitFor(
                    10,
                    TimeUnit.SECONDS,
                    () -> snapshots(rows).stream()
                            .anyMatch(a -> a.name().equals("agent3") && a.state() == AgentState.OFFLINE));
        } finally {
            bed.startAgent("agent3");
        }
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> snapshots(rows).stream()
                        .anyMatch(a -> a.name().equals("agent3") && a.state() == AgentState.ENABLED));
    }

    @Test
    void aLaunchFromTheDialogAppearsInTheTimeline(FxRobot robot, TestBed bed) throws Exception {
        open(bed, 1);
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> services.fleet().current().agents().stream().allMatch(AgentSnapshot::online));
        robot.clickOn("#nav-launches");
        LaunchesView launches = (LaunchesView) ui.window().pages().stream()
                .filter(p -> p instanceof LaunchesView)
                .findFirst()
                .orElseThrow();

        robot.clickOn("#launch-button");
        TextField userField = robot.lookup("#launch-user").queryAs(TextField.class);
        robot.interact(() -> userField.setText(user));
        robot.interact(() -> robot.lookup("#launch-count")
                .<Spinner<Integer>>query()
                .getValueFactory()
                .setValue(3));
        robot.clickOn("#launch-confirm");

        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> launches.chart() != null
                        && recent(launches).size() == 3
                        && recent(launches).stream().allMatch(StartupRecord::ready));
        assertThat(recent(launches)).extracting(StartupRecord::user).containsOnly(user);
        assertThat(recent(launches))
                .allSatisfy(
                        r -> assertThat(r.performance().totalStartupTimeMs()).isPositive());
        // The chart's hover text is built from the same records: the first row names its session.
        String tip = launches.chart().describeAtRow(0);
        assertThat(tip).contains(recent(launches).get(0).sessionId()).contains("readiness");
        // Three at once and one staged session: one launch takes it, the others start cold.
        List<StartupRecord> staged =
                recent(launches).stream().filter(StartupRecord::staged).toList();
        staged.forEach(r -> claimedContainers.add(r.containerId()));
        assertThat(staged).hasSize(1);
        int stagedRow = recent(launches).indexOf(staged.get(0));
        assertThat(launches.chart().describeAtRow(stagedRow)).contains("staged     served by a session staged ahead");
        assertThat(launches.chart().describeAtRow(stagedRow == 0 ? 1 : 0)).doesNotContain("staged ");
        Thread.sleep(500);
        Screenshots.capture("launch-timeline");
    }

    /** What the fleet table shows now: each row's latest snapshot, in the table's order. */
    private static List<AgentSnapshot> snapshots(TableView<FleetRow> rows) {
        return rows.getItems().stream().map(FleetRow::snapshot).toList();
    }

    private static List<StartupRecord> recent(LaunchesView view) {
        return view.chart().records();
    }
}
