package dev.fleetdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.pool.PoolStatus;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.agent.AgentDetailViewModel;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.LiveRow;
import dev.fleetdeck.ui.fleet.FleetRow;
import dev.fleetdeck.ui.fleet.FleetView;
import dev.fleetdeck.ui.fleet.FleetViewModel;
import dev.fleetdeck.ui.sessions.SessionsView;
import dev.fleetdeck.ui.sessions.SessionsViewModel;
import dev.fleetdeck.ui.shell.MainWindow;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on the simulated demo fleet: its labelling, live updates and navigation. */
@ExtendWith(ApplicationExtension.class)
@SuppressWarnings("ReferenceEquality") // a refresh makes new snapshot objects: identity is what tells one arrived
class SimulatedWindowTest {
    private static final long GIB = 1L << 30;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private SimulatedFleet fleet;
    private FleetMonitor monitor;
    /** What the pools report; the real StagingPools is wired and shown in TestBedWindowTest. */
    private final AtomicReference<List<PoolStatus>> pools = new AtomicReference<>(List.of(
            new PoolStatus("firefox", null, 2, 2, 0, "ops@host-1 pid 42"),
            new PoolStatus("kali", "east", 1, 2, 0, "ops@host-1 pid 42")));

    private String stagedAgent;

    @Start
    void start(Stage stage) {
        List<WorkspaceType> catalog = List.of(
                new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 30),
                new WorkspaceType("vscode", "kasmweb/vscode:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 35),
                new WorkspaceType("kali", "kasmweb/kali:1.17.0", 4, 8 * GIB, CpuAllocation.QUOTAS, 50));
        fleet = SimulatedFleet.demo(catalog, 42);
        fleet.seedSessions(60);
        stagedAgent = fleet.agentConfigs().get(0).name();
        fleet.startStagedSession(fleet.engine(stagedAgent), catalog.get(0));
        fleet.startStagedSession(fleet.engine(stagedAgent), catalog.get(0));
        fleet.startStagedSession(fleet.engine(fleet.agentConfigs().get(2).name()), catalog.get(2));
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map((AgentConfig c) -> new AgentMonitor(c, fleet.engine(c.name()), admin, Clock.systemUTC()))
                .toList();
        monitor = new FleetMonitor(monitors, Duration.ofMillis(250), 450, scheduler, pool, Clock.systemUTC());
        Background background = new Background(pool);
        FleetViewModel fleetVm =
                new FleetViewModel(monitor, catalog, FleetConfig.Settings.defaults(), pools::get, background);
        SessionsViewModel sessionsVm =
                new SessionsViewModel(monitor, new SessionControl(monitor, Duration.ofSeconds(1)), background);
        fleetVm.attach();
        sessionsVm.attach();
        ThemeManager themes = new ThemeManager();
        MainWindow window = new MainWindow(
                List.of(
                        new FleetView(fleetVm, 450, agent -> new AgentDetailViewModel(agent, monitor, background)),
                        new SessionsView(sessionsVm)),
                monitor,
                background,
                themes,
                "simulated demo fleet (seed 42)",
                true);
        Scene scene = new Scene(window.build(), 1500, 900);
        themes.install(scene);
        stage.setScene(scene);
        stage.setTitle("Fleetdeck — simulated");
        stage.show();
        monitor.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        monitor.close();
        scheduler.shutdownNow();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fleetViewShowsEveryAgentUpdatingAndIsLabelledSimulated(FxRobot robot) throws Exception {
        TableView<FleetRow> table = robot.lookup("#fleet-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> table.getItems().size() == 12
                        && table.getItems().stream()
                                .map(FleetRow::snapshot)
                                .allMatch(a -> a.online() && a.usedCpus() > 0));
        assertThat(robot.lookup("#demo-banner").queryLabeled().getText()).contains("SIMULATED");
        assertThat(table.getItems().stream()
                        .mapToInt(r -> r.snapshot().sessionCount())
                        .sum())
                .isEqualTo(63);

        // Live: a new snapshot reaches the row, which stays the same row.
        FleetRow first = table.getItems().get(0);
        AgentSnapshot before = first.snapshot();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> first.snapshot() != before);
        assertThat(table.getItems().get(0)).isSameAs(first);
        Thread.sleep(3000); // let the sparklines gather a few points before the screenshot
        Screenshots.capture("fleet-view-demo");
    }

    @Test
    void stagedSessionsAndPoolsShowApartFromUsersSessions(FxRobot robot) throws Exception {
        TableView<FleetRow> table = robot.lookup("#fleet-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> table.getItems().size() == 12
                        && table.getItems().stream().allMatch(r -> r.snapshot().online()));
        AgentSnapshot agent = table.getItems().stream()
                .map(FleetRow::snapshot)
                .filter(a -> a.name().equals(stagedAgent))
                .findFirst()
                .orElseThrow();
        assertThat(agent.stagedSessions()).isEqualTo(2);
        // The cells redraw on the pulse after the rows' snapshots change.
        String expected = (agent.sessionCount() - 2) + " + 2 staged";
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> cellTexts(robot, "#fleet-table").contains(expected));

        Node tile = robot.lookup("#pools-tile").query();
        assertThat(tile.isVisible()).isTrue();
        assertThat(robot.lookup("#pools-tile .tile-value").queryLabeled().getText())
                .isEqualTo("firefox 2/2 staged · kali in east 1/2 staged · kept by ops@host-1 pid 42");
        assertThat(tile.getPseudoClassStates()).extracting(Object::toString).contains("short");
        // The totals come with the batch the FX thread applies, a moment after the builder set the
        // rows' snapshots (which the wait above reads): waited for, as the cells are.
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup(".tile-value").queryAllAs(Label.class).stream()
                        .anyMatch(l -> l.getText().equals("60 sessions + 3 staged")));

        // Pools filled, then none configured: the tile follows the next refresh, and goes.
        pools.set(List.of(new PoolStatus("firefox", null, 2, 2)));
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> !tile.getPseudoClassStates().toString().contains("short"));
        pools.set(List.of());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !tile.isVisible() && !tile.isManaged());

        robot.clickOn("#nav-sessions");
        TableView<LiveRow<Session>> sessions = robot.lookup("#sessions-table").queryTableView();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> sessions.getItems().size() == 63);
        List<Session> rows = sessions.getItems().stream().map(LiveRow::get).toList();
        assertThat(rows)
                .filteredOn(Session::waitingInPool)
                .hasSize(3)
                .allSatisfy(s -> assertThat(s.user()).isEqualTo("(staged)"));
        // What the State cells on screen say: "staged" for a pool's session, Docker's state otherwise.
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> cellTexts(robot, "#sessions-table").contains("staged"));
        Session users = rows.stream().filter(s -> !s.staged()).findFirst().orElseThrow();
        assertThat(cellTexts(robot, "#sessions-table")).contains(users.state());
    }

    @Test
    void selectionAndScrollSurviveRefreshesEvenWhileSortedByAChangingFigure(FxRobot robot) throws Exception {
        TableView<FleetRow> table = robot.lookup("#fleet-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> table.getItems().size() == 12
                        && table.getItems().stream().allMatch(r -> r.snapshot().online()));
        // Sorted by CPU used: every refresh moves the figures, so rows change places.
        robot.interact(() -> {
            TableColumn<FleetRow, ?> cpu = table.getColumns().stream()
                    .filter(c -> c.getText().equals("CPU used"))
                    .findFirst()
                    .orElseThrow();
            cpu.setSortType(TableColumn.SortType.DESCENDING);
            table.getSortOrder().setAll(List.of(cpu));
        });
        robot.interact(() -> table.getSelectionModel().select(7));
        String selected = table.getSelectionModel().getSelectedItem().name();
        List<String> namesBefore = table.getItems().stream().map(FleetRow::name).toList();
        AgentSnapshot seen = table.getSelectionModel().getSelectedItem().snapshot();

        // Four refreshes at 250 ms, and the selected agent has a new snapshot.
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> table.getSelectionModel().getSelectedItem().snapshot() != seen);
        Thread.sleep(1000);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getSelectionModel().getSelectedItem().name()).isEqualTo(selected);
        assertThat(table.getSelectionModel().getSelectedItems()).hasSize(1);
        assertThat(table.getItems()).extracting(FleetRow::name).containsExactlyInAnyOrderElementsOf(namesBefore);
        // Still sorted by the figure the rows show now. The rows' next snapshots are set off the
        // FX thread just before their new order arrives, so a look can fall between the two.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            List<Double> cpu = table.getItems().stream()
                    .map(r -> r.snapshot().cpuPercent())
                    .toList();
            return cpu.equals(cpu.stream().sorted(Comparator.reverseOrder()).toList());
        });

        // Filtering keeps the selected row selected when it still matches; then back to all.
        robot.interact(
                () -> robot.lookup("#agent-search").queryTextInputControl().setText(selected));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertThat(table.getSelectionModel().getSelectedItem().name()).isEqualTo(selected);
        robot.interact(
                () -> robot.lookup("#agent-search").queryTextInputControl().setText(""));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 12);
        assertThat(table.getSelectionModel().getSelectedItem().name()).isEqualTo(selected);
    }

    @Test
    void theDetailOfAnAgentFollowsItAndLetsGoWhenClosed(FxRobot robot) throws Exception {
        TableView<FleetRow> table = robot.lookup("#fleet-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> table.getItems().size() == 12
                        && table.getItems().stream().allMatch(r -> r.snapshot().online()));
        FleetRow row = table.getItems().get(2);
        robot.interact(() -> table.getSelectionModel().select(row));
        robot.doubleClickOn(robot.lookup("#fleet-table .table-row-cell").nth(2).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#agent-detail").tryQuery().isPresent());
        LineChart<Number, Number> chart = robot.lookup("#detail-cpu-chart").query();
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> chart.getData().get(0).getData().size() >= 3);
        TableView<?> containers = robot.lookup("#detail-containers").queryTableView();
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> containers.getItems().size() >= row.snapshot().sessionCount());

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#agent-detail").tryQuery().isEmpty());
        assertThat(table.getSelectionModel().getSelectedItem()).isSameAs(row);
        // Enter on the selected row opens it again.
        robot.interact(table::requestFocus);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#agent-detail").tryQuery().isPresent());
        robot.clickOn("#detail-back");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#fleet-table").tryQuery().isPresent());
    }

    @Test
    void sessionsViewListsAndSearchesSessions(FxRobot robot) throws Exception {
        robot.clickOn("#nav-sessions");
        TableView<LiveRow<Session>> table = robot.lookup("#sessions-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 63);
        robot.clickOn("#session-search").write("kali");
        // The rows are filtered off the FX thread: the list follows a moment later.
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> !table.getItems().isEmpty()
                        && table.getItems().size() < 63
                        && table.getItems().stream()
                                .allMatch(r -> r.get().workspaceType().equals("kali")));
        // Rows stay the same objects across refreshes: a new snapshot reaches the row, not the list.
        LiveRow<Session> first = table.getItems().get(0);
        Session before = first.get();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> first.get() != before);
        assertThat(table.getItems().get(0)).isSameAs(first);
        assertThat(first.get().sessionId()).isEqualTo(before.sessionId());
        Screenshots.capture("sessions-view-demo");
    }

    /** The texts the table's cells show on screen. */
    private static List<String> cellTexts(FxRobot robot, String table) {
        return robot.lookup(table + " .cell-text").queryAll().stream()
                .filter(Node::isVisible)
                .map(n -> ((Labeled) n).getText())
                .toList();
    }
}
