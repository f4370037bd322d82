package dev.fleetdeck.ui.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.common.LiveRow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Sessions page's rows are matched, filtered and ordered off the FX thread: the result must be
 * what the FX thread computed before (the table's own comparator over the rows in the fleet's
 * order), and a refresh of 25,000 sessions must cost the FX thread one batch of the rows on
 * screen, not 25,000 row updates.
 */
@ExtendWith(ApplicationExtension.class)
@SuppressWarnings("ReferenceEquality") // snapshots and rows: identity is what tells which one arrived
class SessionsOffThreadTest {
    private static final long MIB = 1L << 20;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    /** The monitor's refreshes: a first reading of an agent waits half a second for its CPU. */
    private final ExecutorService refreshPool = Executors.newFixedThreadPool(64);
    /** The UI's pool, as the console's. */
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    private final List<SessionsViewModel.Batch> batches = new CopyOnWriteArrayList<>();
    private FleetMonitor monitor;
    private SessionsViewModel vm;
    private TableView<LiveRow<Session>> table;

    /** The fleet of each test: 25,000 sessions for the batch test, fewer for the order test. */
    @SuppressWarnings("unchecked") // the page's one table, of session rows
    private void open(Stage stage, int agents, int sessions) {
        List<WorkspaceType> catalog = List.of(
                new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 0.5, 512 * MIB, CpuAllocation.SHARES, 30),
                new WorkspaceType("vscode", "kasmweb/vscode:1.17.0", 0.5, 512 * MIB, CpuAllocation.SHARES, 35),
                new WorkspaceType("kali", "kasmweb/kali:1.17.0", 0.5, 512 * MIB, CpuAllocation.QUOTAS, 50));
        SimulatedFleet fleet =
                new SimulatedFleet(agents, List.of("east", "west", "north", "south"), catalog, 42, System::nanoTime);
        fleet.seedSessions(sessions);
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map((AgentConfig c) -> new AgentMonitor(c, fleet.engine(c.name()), admin, Clock.systemUTC()))
                .toList();
        // Not started: each test publishes its snapshots itself (refreshAll), one at a time.
        monitor = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, scheduler, refreshPool, Clock.systemUTC());
        vm = new SessionsViewModel(monitor, new SessionControl(monitor, Duration.ofSeconds(1)), new Background(pool));
        vm.appliedProperty().addListener((o, was, batch) -> batches.add(batch));
        vm.attach();
        SessionsView view = new SessionsView(vm);
        stage.setScene(new Scene((Parent) view.view(), 1500, 900));
        stage.show();
        table = (TableView<LiveRow<Session>>) stage.getScene().lookup("#sessions-table");
    }

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (monitor != null) {
            monitor.close();
        }
        scheduler.shutdownNow();
        refreshPool.shutdownNow();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(refreshPool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theOffThreadBuildGivesTheRowsAndOrderTheTableItselfWouldHave(FxRobot robot) throws Exception {
        robot.interact(() -> open(stage, 40, 1500));
        FleetSnapshot fleet = monitor.refreshAll();
        awaitBatch(fleet, vm.view());
        assertThat(shownSessions()).containsExactlyElementsOf(straightforward(fleet, "", null));
        assertThat(fleet.sessionCount()).isEqualTo(1500);

        Map<String, TableColumn<LiveRow<Session>, ?>> columns =
                table.getColumns().stream().collect(Collectors.toMap(TableColumn::getText, c -> c));
        // Each: a search, then the sorted columns with their directions, as a person clicks them.
        record Case(String search, List<String> sortedBy, List<TableColumn.SortType> directions) {}
        List<Case> cases = List.of(
                new Case("kali", List.of(), List.of()),
                new Case("", List.of("CPU"), List.of(TableColumn.SortType.DESCENDING)),
                new Case("user1", List.of("RAM"), List.of(TableColumn.SortType.ASCENDING)),
                new Case(
                        "",
                        List.of("Workspace", "CPU"),
                        List.of(TableColumn.SortType.ASCENDING, TableColumn.SortType.DESCENDING)),
                new Case(
                        "EAST",
                        List.of("User", "Age"),
                        List.of(TableColumn.SortType.DESCENDING, TableColumn.SortType.ASCENDING)),
                new Case("", List.of("Agent"), List.of(TableColumn.SortType.DESCENDING)));
        for (Case c : cases) {
            robot.interact(() -> {
                vm.searchProperty().set(c.search());
                List<TableColumn<LiveRow<Session>, ?>> sorted = new ArrayList<>();
                for (int i = 0; i < c.sortedBy().size(); i++) {
                    TableColumn<LiveRow<Session>, ?> column =
                            columns.get(c.sortedBy().get(i));
                    column.setSortType(c.directions().get(i));
                    sorted.add(column);
                }
                table.getSortOrder().setAll(sorted);
            });
            // A new snapshot with new figures, then the view as the table now says.
            FleetSnapshot next = monitor.refreshAll();
            awaitBatch(next, vm.view());
            List<Session> expected = new ArrayList<>();
            robot.interact(() -> expected.addAll(straightforward(next, c.search(), table.getComparator())));
            assertThat(shownSessions()).as(c.toString()).isNotEmpty().containsExactlyElementsOf(expected);
            assertThat(vm.countProperty().get()).isEqualTo(expected.size() + " of 1500 sessions");
        }
    }

    @Test
    void aRefreshOf25000SessionsReachesTheFxThreadAsOneBatchOfTheRowsOnScreen(FxRobot robot) throws Exception {
        robot.interact(() -> open(stage, 1000, 25_000));
        FleetSnapshot first = monitor.refreshAll();
        SessionsViewModel.Batch initial = awaitBatch(first, vm.view());
        assertThat(batchesOf(first)).hasSize(1);
        assertThat(initial.plan().joining()).hasSize(25_000);
        assertThat(initial.plan().listChanges()).isEqualTo(1); // one add of all rows
        assertThat(initial.redraw()).isEmpty(); // new rows: their cells read them as they attach
        WaitForAsyncUtils.waitForFxEvents();

        // Every container sampled again: every session's figures change.
        FleetSnapshot second = monitor.refreshAll();
        SessionsViewModel.Batch batch = awaitBatch(second, vm.view());
        assertThat(batchesOf(second)).hasSize(1);
        Map<String, Session> now = second.sessions().collect(Collectors.toMap(Session::sessionId, s -> s));
        List<LiveRow<Session>> rows = new ArrayList<>();
        robot.interact(() -> rows.addAll(vm.rows()));
        assertThat(rows).hasSize(25_000);
        Map<String, Session> before = first.sessions().collect(Collectors.toMap(Session::sessionId, s -> s));
        long changed =
                rows.stream().filter(r -> !r.get().equals(before.get(r.key()))).count();
        assertThat(changed).isGreaterThan(20_000);
        // Every row carries the new figures, on screen or not ...
        assertThat(rows).allMatch(r -> r.get() == now.get(r.key()));
        // ... but the FX thread redrew only the rows a cell follows, and changed the list not at all.
        long watched = rows.stream().filter(LiveRow::watched).count();
        assertThat(watched).isBetween(1L, 100L);
        assertThat(batch.redraw()).isNotEmpty().hasSizeLessThanOrEqualTo((int) watched);
        assertThat(batch.plan().listChanges()).isZero();
        assertThat(batch.fxUpdates()).isLessThanOrEqualTo(100);
    }

    private List<SessionsViewModel.Batch> batchesOf(FleetSnapshot fleet) {
        return batches.stream().filter(b -> b.fleet() == fleet).toList();
    }

    private SessionsViewModel.Batch awaitBatch(FleetSnapshot fleet, SessionsViewModel.View view) throws Exception {
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> batches.stream()
                        .anyMatch(b -> b.fleet() == fleet && b.view().equals(view)));
        WaitForAsyncUtils.waitForFxEvents();
        return batches.stream()
                .filter(b -> b.fleet() == fleet && b.view().equals(view))
                .findFirst()
                .orElseThrow();
    }

    private List<Session> shownSessions() throws Exception {
        List<Session> shown = new ArrayList<>();
        WaitForAsyncUtils.asyncFx(() -> vm.rows().forEach(r -> shown.add(r.get())))
                .get(10, TimeUnit.SECONDS);
        return shown;
    }

    /**
     * What the FX thread did before: every session ordered by agent and id, filtered by the
     * search, then sorted (stably) by the table's own comparator over rows. FX thread.
     */
    private static List<Session> straightforward(
            FleetSnapshot fleet, String search, Comparator<LiveRow<Session>> tableOrder) {
        String q = search.trim().toLowerCase(Locale.ROOT);
        Function<Session, String> lower = s -> String.join("\n", s.user(), s.workspaceType(), s.agent(), s.sessionId())
                .toLowerCase(Locale.ROOT);
        List<LiveRow<Session>> rows = fleet.sessions()
                .sorted(Comparator.comparing(Session::agent, NaturalOrder.NAMES)
                        .thenComparing(Session::sessionId, NaturalOrder.NAMES))
                .filter(s -> q.isEmpty()
                        || List.of(lower.apply(s).split("\n")).stream().anyMatch(f -> f.contains(q)))
                .map(s -> new LiveRow<>(s.sessionId(), s))
                .collect(Collectors.toCollection(ArrayList::new));
        if (tableOrder != null) {
            rows.sort(tableOrder);
        }
        return rows.stream().map(LiveRow::get).toList();
    }
}
