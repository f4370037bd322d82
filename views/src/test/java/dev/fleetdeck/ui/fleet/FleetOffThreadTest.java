package dev.fleetdeck.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.ui.common.Background;
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
 * The Fleet page's rows are updated, filtered and ordered off the FX thread: the result must be
 * what the FX thread computed before (every agent in the fleet's order, filtered, then sorted
 * stably by the table's own comparator), and a refresh of 1,000 agents must cost the FX thread
 * one batch of the rows on screen, not 1,000 row updates and a reconcile.
 */
@ExtendWith(ApplicationExtension.class)
@SuppressWarnings("ReferenceEquality") // snapshots and rows: identity is what tells which one arrived
class FleetOffThreadTest {
    private static final long MIB = 1L << 20;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    /** The monitor's refreshes: a first reading of an agent waits half a second for its CPU. */
    private final ExecutorService refreshPool = Executors.newFixedThreadPool(64);
    /** The UI's pool, as the console's. */
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    private final List<FleetViewModel.Batch> batches = new CopyOnWriteArrayList<>();
    private FleetMonitor monitor;
    private FleetViewModel vm;
    private TableView<FleetRow> table;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @SuppressWarnings("unchecked") // the page's one table, of agent rows
    private void open(int agents, int sessions) {
        List<WorkspaceType> catalog = List.of(
                new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 0.5, 512 * MIB, CpuAllocation.SHARES, 30),
                new WorkspaceType("vscode", "kasmweb/vscode:1.17.0", 1, 1024 * MIB, CpuAllocation.SHARES, 35),
                new WorkspaceType("kali", "kasmweb/kali:1.17.0", 2, 2048 * MIB, CpuAllocation.QUOTAS, 50));
        SimulatedFleet fleet =
                new SimulatedFleet(agents, List.of("east", "west", "north", "south"), catalog, 42, System::nanoTime);
        fleet.seedSessions(sessions);
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map((AgentConfig c) -> new AgentMonitor(c, fleet.engine(c.name()), admin, Clock.systemUTC()))
                .toList();
        // Not started: each test publishes its snapshots itself (refreshAll), one at a time.
        monitor = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, scheduler, refreshPool, Clock.systemUTC());
        vm = new FleetViewModel(monitor, catalog, FleetConfig.Settings.defaults(), List::of, new Background(pool));
        vm.appliedProperty().addListener((o, was, batch) -> batches.add(batch));
        vm.attach();
        FleetView view = new FleetView(vm, 450, agent -> null);
        stage.setScene(new Scene((Parent) view.view(), 1500, 900));
        stage.show();
        table = (TableView<FleetRow>) stage.getScene().lookup("#fleet-table");
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
        robot.interact(() -> open(120, 1500));
        FleetSnapshot fleet = monitor.refreshAll();
        assertThat(awaitBatch(fleet, vm.view()).preparedOnFx()).isFalse();
        assertThat(shownNames()).containsExactlyElementsOf(straightforward(fleet, "All", "All", "", null));
        assertThat(fleet.agents()).hasSize(120);

        Map<String, TableColumn<FleetRow, ?>> columns =
                table.getColumns().stream().collect(Collectors.toMap(TableColumn::getText, c -> c));
        // Each: the zone, the state, a search, then the sorted columns with their directions.
        record Case(
                String zone,
                String state,
                String search,
                List<String> sortedBy,
                List<TableColumn.SortType> directions) {}
        TableColumn.SortType up = TableColumn.SortType.ASCENDING;
        TableColumn.SortType down = TableColumn.SortType.DESCENDING;
        List<Case> cases = List.of(
                new Case("east", "All", "", List.of(), List.of()),
                new Case("All", "All", "", List.of("CPU used"), List.of(down)),
                new Case("All", "Enabled", " 1", List.of("RAM used"), List.of(up)),
                new Case("All", "All", "", List.of("Sessions", "CPU used"), List.of(down, up)),
                new Case("west", "All", "SIM", List.of("Still fits", "Allocated"), List.of(up, down)),
                new Case("All", "All", "", List.of("Agent"), List.of(down)),
                new Case("All", "Offline", "", List.of(), List.of()));
        for (Case c : cases) {
            robot.interact(() -> {
                vm.zoneFilterProperty().set(c.zone());
                vm.stateFilterProperty().set(c.state());
                vm.searchProperty().set(c.search());
                List<TableColumn<FleetRow, ?>> sorted = new ArrayList<>();
                for (int i = 0; i < c.sortedBy().size(); i++) {
                    TableColumn<FleetRow, ?> column = columns.get(c.sortedBy().get(i));
                    column.setSortType(c.directions().get(i));
                    sorted.add(column);
                }
                table.getSortOrder().setAll(sorted);
            });
            // A new snapshot with new figures, then the view as the table now says.
            FleetSnapshot next = monitor.refreshAll();
            FleetViewModel.Batch batch = awaitBatch(next, vm.view());
            assertThat(batch.preparedOnFx()).isFalse();
            List<String> expected = new ArrayList<>();
            robot.interact(() ->
                    expected.addAll(straightforward(next, c.zone(), c.state(), c.search(), table.getComparator())));
            assertThat(shownNames()).as(c.toString()).containsExactlyElementsOf(expected);
            if (!c.state().equals("Offline")) {
                assertThat(expected).as(c.toString()).isNotEmpty();
            }
            // Every row, shown or not, has this refresh's snapshot (or an equal one).
            for (AgentSnapshot a : next.agents()) {
                assertThat(vm.row(a.name()).snapshot()).isEqualTo(a);
            }
        }
    }

    @Test
    void aRefreshOf1000AgentsReachesTheFxThreadAsOneBatchOfTheRowsOnScreen(FxRobot robot) throws Exception {
        robot.interact(() -> open(1000, 25_000));
        List<FleetRow> rows = new ArrayList<>();
        robot.interact(() -> rows.addAll(vm.rows()));
        assertThat(rows).hasSize(1000); // the constructor's first rows, before any refresh

        for (int round = 0; round < 2; round++) {
            Map<String, AgentSnapshot> before =
                    rows.stream().collect(Collectors.toMap(FleetRow::name, FleetRow::snapshot));
            // Every agent read again: connecting → enabled first, then new figures on most.
            FleetSnapshot next = monitor.refreshAll();
            FleetViewModel.Batch batch = awaitBatch(next, vm.view());
            assertThat(batches.stream().filter(b -> b.fleet() == next)).hasSize(1);
            assertThat(batch.preparedOnFx()).isFalse();
            long changed = next.agents().stream()
                    .filter(a -> !a.equals(before.get(a.name())))
                    .count();
            assertThat(changed).isGreaterThan(500);
            // Every row carries the new snapshot, on screen or not ...
            Map<String, AgentSnapshot> now =
                    next.agents().stream().collect(Collectors.toMap(AgentSnapshot::name, a -> a));
            assertThat(rows).allMatch(r -> r.snapshot().equals(now.get(r.name())));
            // ... but the FX thread redrew only the rows a cell follows, and changed the list not at all.
            long watched = rows.stream().filter(FleetRow::watched).count();
            assertThat(watched).isBetween(1L, 100L);
            List<FleetRow> shown = new ArrayList<>();
            robot.interact(() -> shown.addAll(vm.rows()));
            assertThat(shown).containsExactlyElementsOf(rows);
            assertThat(batch.redraw())
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo((int) watched)
                    .allMatch(FleetRow::watched);
            assertThat(batch.plan().listChanges()).isZero();
            assertThat(batch.fxUpdates()).isLessThanOrEqualTo(100);
        }
    }

    private FleetViewModel.Batch awaitBatch(FleetSnapshot fleet, FleetViewModel.View view) throws Exception {
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

    private List<String> shownNames() throws Exception {
        List<String> shown = new ArrayList<>();
        WaitForAsyncUtils.asyncFx(() -> vm.rows().forEach(r -> shown.add(r.name())))
                .get(10, TimeUnit.SECONDS);
        return shown;
    }

    /**
     * What the FX thread did before: every agent in the fleet's order, filtered, then sorted
     * (stably) by the table's own comparator over the rows. FX thread.
     */
    private List<String> straightforward(
            FleetSnapshot fleet, String zone, String state, String search, Comparator<FleetRow> tableOrder) {
        String q = search.trim().toLowerCase(Locale.ROOT);
        List<FleetRow> rows = fleet.agents().stream()
                .filter(a -> zone.equals("All") || zone.equals(a.zone()))
                .filter(a -> state.equals("All") || state.equals(a.state().label()))
                .filter(a -> a.name().toLowerCase(Locale.ROOT).contains(q))
                .map(a -> vm.row(a.name()))
                .collect(Collectors.toCollection(ArrayList::new));
        if (tableOrder != null) {
            rows.sort(tableOrder);
        }
        return rows.stream().map(FleetRow::name).toList();
    }
}
