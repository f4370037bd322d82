package dev.fleetdeck.ui.fleet;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.MetricHistory;
import dev.fleetdeck.ui.agent.AgentDetailView;
import dev.fleetdeck.ui.agent.AgentDetailViewModel;
import dev.fleetdeck.ui.common.ColumnFit;
import dev.fleetdeck.ui.common.ColumnOrder;
import dev.fleetdeck.ui.common.Format;
import dev.fleetdeck.ui.common.LiveCell;
import dev.fleetdeck.ui.common.UsageBar;
import dev.fleetdeck.ui.history.HistoryChart;
import dev.fleetdeck.ui.history.HistoryViewModel;
import dev.fleetdeck.ui.shell.LazyPage;
import dev.fleetdeck.ui.theme.ThemeColor;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The home screen: one row per agent, fleet totals on top. Double-click or Enter on a row opens
 * the agent's detail in its place; its back button returns to the table as it was left.
 */
public final class FleetView extends LazyPage {
    private static final PseudoClass SHORT = PseudoClass.getPseudoClass("short");
    private final FleetViewModel vm;
    private final int sparkWindow;
    private final Function<String, AgentDetailViewModel> details;
    private StackPane root;
    private VBox fleet;
    private TableView<FleetRow> table;
    private AgentDetailViewModel openDetail;
    private final HistoryViewModel fleetHistory;

    /**
     * @param sparkWindow how many readings the sparkline spans (15 minutes of refreshes)
     * @param details     a new detail view-model for an agent's name, each time one opens
     */
    public FleetView(FleetViewModel vm, int sparkWindow, Function<String, AgentDetailViewModel> details) {
        this(vm, sparkWindow, details, null);
    }

    /** @param fleetHistory the fleet's CPU and RAM over 1 h … 30 d, shown above the table; {@code null}: none */
    public FleetView(
            FleetViewModel vm,
            int sparkWindow,
            Function<String, AgentDetailViewModel> details,
            HistoryViewModel fleetHistory) {
        super("Fleet", MaterialDesignS.SERVER_NETWORK);
        this.vm = vm;
        this.sparkWindow = sparkWindow;
        this.details = details;
        this.fleetHistory = fleetHistory;
    }

    @Override
    protected Node build() {
        fleet = content();
        root = new StackPane(fleet);
        return root;
    }

    /** Shows the agent's detail in place of the table; FX thread. */
    public void openDetail(String agent) {
        closeDetail();
        openDetail = details.apply(agent);
        AgentDetailView detail = new AgentDetailView(openDetail, this::closeDetail);
        openDetail.open();
        root.getChildren().setAll(detail.view());
        detail.view().requestFocus();
    }

    /** Back to the table, its selection and scroll where they were; the detail stops listening. */
    public void closeDetail() {
        if (openDetail == null) {
            return;
        }
        openDetail.close();
        openDetail = null;
        root.getChildren().setAll(fleet);
        table.requestFocus();
    }

    /** The open detail's view-model, or {@code null} while the table shows. */
    public AgentDetailViewModel detail() {
        return openDetail;
    }

    private VBox content() {
        Node pools = tile("Staging pools", vm.poolsSummaryProperty(), true);
        pools.setId("pools-tile");
        // Only a fleet with pools spends room on them.
        pools.visibleProperty().bind(vm.poolsConfiguredProperty());
        pools.managedProperty().bind(vm.poolsConfiguredProperty());
        pools.pseudoClassStateChanged(SHORT, vm.poolsShortProperty().get());
        vm.poolsShortProperty().addListener((o, was, isShort) -> pools.pseudoClassStateChanged(SHORT, isShort));
        Node memory = tile("RAM", vm.memSummaryProperty(), true);
        memory.setId("memory-tile");
        HBox totals = new HBox(
                12,
                tile("Agents", vm.agentsSummaryProperty(), false),
                tile("Sessions", vm.sessionsSummaryProperty(), false),
                pools,
                tile("CPU", vm.cpuSummaryProperty(), true),
                memory);
        totals.getStyleClass().add("totals");
        // The history above the table takes height: the totals keep theirs, so their wrapped figures are never cut.
        totals.setMinHeight(Region.USE_PREF_SIZE);

        Label headroom = new Label();
        headroom.textProperty().bind(vm.headroomSummaryProperty());
        headroom.getStyleClass().add("headroom");
        vm.headroomOkProperty()
                .addListener((o, was, ok) -> headroom.pseudoClassStateChanged(PseudoClass.getPseudoClass("risk"), !ok));

        ComboBox<String> zone = new ComboBox<>(vm.zones());
        zone.valueProperty().bindBidirectional(vm.zoneFilterProperty());
        zone.setId("zone-filter");
        ComboBox<String> state = new ComboBox<>(FXCollections.observableArrayList(vm.states()));
        state.valueProperty().bindBidirectional(vm.stateFilterProperty());
        state.setId("state-filter");
        TextField search = new TextField();
        search.setPromptText("Filter agents");
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setId("agent-search");
        Label updated = new Label();
        updated.getStyleClass().add("muted");
        vm.lastUpdateProperty()
                .addListener((o, a, t) -> updated.setText("updated "
                        + LocalTime.ofInstant(t, ZoneId.systemDefault()).withNano(0)));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox filters = new HBox(8, new Label("Zone"), zone, new Label("State"), state, search, grow, updated);
        filters.setAlignment(Pos.CENTER_LEFT);

        table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(10, totals, headroom, filters, table);
        if (fleetHistory != null) {
            TitledPane history =
                    new TitledPane("Fleet history", new HistoryChart(fleetHistory, "fleet-history", 130).build());
            history.setId("fleet-history-pane");
            // Collapsible: a small screen gives its rows to the table.
            history.setAnimated(false);
            box.getChildren().add(2, history);
        }
        box.setPadding(new Insets(12));
        box.getStyleClass().add("fleet-view");
        return box;
    }

    /** @param wraps long figures wrap; short ones keep their width so they never squeeze into a column */
    private static Node tile(String title, ObservableValue<String> value, boolean wraps) {
        Label t = new Label(title);
        t.getStyleClass().add("tile-title");
        Label v = new Label();
        v.textProperty().bind(value);
        v.getStyleClass().add("tile-value");
        v.setWrapText(wraps);
        VBox box = new VBox(2, t, v);
        box.getStyleClass().add("tile");
        if (!wraps) {
            box.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private TableView<FleetRow> table() {
        TableView<FleetRow> table = new TableView<>(vm.rows());
        // The view-model sorts, off the FX thread; the table says by what. A new comparator comes
        // with every change of the sorted columns or their directions.
        table.setSortPolicy(t -> true);
        table.comparatorProperty()
                .addListener(o -> vm.orderProperty().set(ColumnOrder.<AgentSnapshot>of(table.getSortOrder())));
        table.setId("fleet-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No agents configured: add some to fleet.yaml, or start with --demo."));
        table.setRowFactory(t -> {
            TableRow<FleetRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    openDetail(row.getItem().name());
                }
            });
            return row;
        });
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            FleetRow selected = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && selected != null) {
                openDetail(selected.name());
                e.consume();
            }
        });

        TableColumn<FleetRow, FleetRow> name = text("Agent", AgentSnapshot::name);
        TableColumn<FleetRow, FleetRow> zone = text("Zone", AgentSnapshot::zone);
        TableColumn<FleetRow, FleetRow> state = column("State", AgentSnapshot::state);
        state.setCellFactory(c -> new StateCell());
        TableColumn<FleetRow, FleetRow> cpu = column("CPU used", AgentSnapshot::hostOrContainersCpuPercent);
        cpu.setCellFactory(c -> new UsageCell(true));
        // Sorted by what the warnings go by: the host's RAM when node-exporter reports it.
        TableColumn<FleetRow, FleetRow> ram = column("RAM used", AgentSnapshot::ramPercentForWarnings);
        ram.setCellFactory(c -> new UsageCell(false));
        // Sorted by the share that decides its warning; the cell is compact, its tooltip whole.
        TableColumn<FleetRow, FleetRow> disk =
                column("Disk", a -> vm.disk().judge(a).percent());
        disk.setCellFactory(c -> new DiskCell());
        TableColumn<FleetRow, FleetRow> alloc = text(
                "Allocated",
                a -> a.online()
                        ? String.format(
                                Locale.ROOT,
                                "%s/%s cores · %s",
                                Format.cores(a.allocatedCpus()),
                                Format.cores(a.capacityCpus()),
                                Format.bytesOf(a.allocatedMemBytes(), a.capacityMemBytes()))
                        : "—");
        // Sorted by every session the agent holds; staged ones shown apart, as they belong to no user yet.
        TableColumn<FleetRow, FleetRow> sessions = text(
                "Sessions",
                AgentSnapshot::sessionCount,
                a -> a.stagedSessions() == 0
                        ? String.valueOf(a.sessionCount())
                        : a.userSessionCount() + " + " + a.stagedSessions() + " staged");
        TableColumn<FleetRow, FleetRow> fits = column("Still fits", vm::fits);
        fits.setCellFactory(col -> LiveCell.text(FleetRow::snapshotProperty, vm::fits, vm::fitsInFull));
        TableColumn<FleetRow, FleetRow> docker = text(
                "Docker",
                a -> a.dockerVersion() == null ? "—" : a.dockerVersion().replace("-simulated", ""));
        TableColumn<FleetRow, FleetRow> ping = text("Ping", a -> a.online() ? Format.millis(a.ping()) : "—");
        TableColumn<FleetRow, FleetRow> seen = text(
                "Refreshed",
                a -> a.lastRefresh() == null ? "never" : Format.age(a.lastRefresh(), Instant.now()) + " ago");
        // Minimum widths hold each column's text whole ("Connecting", "12 + 3 staged", "8/16 cores · 16/64 GiB");
        // a narrow window hides whole columns (ColumnFit) instead of cutting their text.
        widths(
                name, 120, zone, 70, state, 112, cpu, 190, ram, 190, disk, 175, alloc, 190, sessions, 110, docker, 90,
                ping, 65, seen, 110, fits, 190);

        // "Still fits" last: it takes the width left over.
        List<TableColumn<FleetRow, FleetRow>> columns =
                new ArrayList<>(List.of(name, zone, state, cpu, ram, disk, alloc, sessions, docker, ping, seen, fits));
        List<TableColumn<FleetRow, FleetRow>> hideFirst =
                new ArrayList<>(List.of(docker, ping, seen, zone, disk, alloc, fits, sessions));
        if (!vm.diskFigures()) {
            columns.remove(disk);
            hideFirst.remove(disk);
        }
        table.getColumns().addAll(columns);
        ColumnFit.install(table, hideFirst);
        return table;
    }

    private static void widths(Object... columnsAndWidths) {
        for (int i = 0; i < columnsAndWidths.length; i += 2) {
            TableColumn<?, ?> c = (TableColumn<?, ?>) columnsAndWidths[i];
            double w = ((Number) columnsAndWidths[i + 1]).doubleValue();
            c.setMinWidth(w);
            c.setPrefWidth(w);
        }
    }

    /** A column of the agent's figures, sorted by {@code key} on the latest snapshots (see {@link LiveCell}). */
    private static <K> TableColumn<FleetRow, FleetRow> column(String title, Function<AgentSnapshot, K> key) {
        TableColumn<FleetRow, FleetRow> c = LiveCell.column(title, FleetRow::self, r -> key.apply(r.snapshot()));
        ColumnOrder.key(c, key);
        return c;
    }

    /** A column of text (or a number) read from the snapshot, sorted by that value. */
    private static TableColumn<FleetRow, FleetRow> text(String title, Function<AgentSnapshot, ?> value) {
        return text(title, value, value);
    }

    /** A column showing {@code value}, sorted by {@code key} (a count shown with words sorts as a number). */
    private static <K> TableColumn<FleetRow, FleetRow> text(
            String title, Function<AgentSnapshot, K> key, Function<AgentSnapshot, ?> value) {
        TableColumn<FleetRow, FleetRow> c = column(title, key);
        c.setCellFactory(col -> LiveCell.text(FleetRow::snapshotProperty, value));
        return c;
    }

    private static final class StateCell extends LiveCell<FleetRow, AgentSnapshot, HBox> {
        private final Label badge = new Label();
        private String tip;

        StateCell() {
            super(new HBox(), FleetRow::snapshotProperty);
            badge.getStyleClass().add("state-badge");
            content.getChildren().add(badge);
            content.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void show(FleetRow row, AgentSnapshot a) {
            AgentState s = a.state();
            badge.setText(s.label());
            // Style classes change only with the state: a change re-applies CSS on the next pulse.
            String style = "state-" + s.name().toLowerCase(Locale.ROOT);
            if (!badge.getStyleClass().contains(style)) {
                badge.getStyleClass().removeIf(c -> c.startsWith("state-") && !c.equals("state-badge"));
                badge.getStyleClass().add(style);
            }
            // Offline first: why it does not answer; else who took it out of placement, why, since when.
            String next = a.error() != null
                    ? a.error()
                    : a.admin() != null ? a.admin().describe() : null;
            if (!Objects.equals(tip, next)) {
                tip = next;
                setTooltip(tip != null ? new Tooltip(tip) : null);
            }
        }
    }

    /** The agent's disk against its budget: a bar by level, the whole account in the tooltip. */
    private final class DiskCell extends LiveCell<FleetRow, AgentSnapshot, HBox> {
        private final UsageBar bar = new UsageBar();
        private final Tooltip tooltip = new Tooltip();
        private String tip;

        DiskCell() {
            super(new HBox(), FleetRow::snapshotProperty);
            content.getChildren().add(bar);
            content.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(bar, Priority.ALWAYS);
        }

        @Override
        protected void show(FleetRow row, AgentSnapshot a) {
            bar.set(vm.disk().percent(a), vm.disk().cell(a), vm.disk().level(a));
            String newTip = String.join("\n", vm.disk().lines(a, Instant.now()));
            // One tooltip per cell, its text set when it changed (the age does, every refresh).
            if (!Objects.equals(tip, newTip)) {
                tip = newTip;
                tooltip.setText(tip);
                if (getTooltip() != tooltip) {
                    setTooltip(tooltip);
                }
            }
        }
    }

    private final class UsageCell extends LiveCell<FleetRow, AgentSnapshot, HBox> {
        private final boolean cpu;
        private final UsageBar bar = new UsageBar();
        private final Sparkline spark = new Sparkline(60, 18);
        // One per cell, its text set when it changes: the figures (and so the tip) change every
        // refresh, and a new Tooltip is a popup window with its own scene.
        private final Tooltip tooltip = new Tooltip();
        private String tip;

        UsageCell(boolean cpu) {
            super(new HBox(6), FleetRow::snapshotProperty);
            this.cpu = cpu;
            content.getChildren().addAll(bar, spark);
            content.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(bar, Priority.ALWAYS);
            // The theme's colour, looked up by a probe beside it: light, dark and presentation differ.
            ThemeColor line = new ThemeColor(cpu ? "-fd-chart-cpu" : "-fd-chart-ram", spark.color());
            content.getChildren().add(line.probe());
            line.property().addListener((o, was, now) -> spark.setColor(now));
        }

        @Override
        protected void show(FleetRow row, AgentSnapshot a) {
            if (!a.online()) {
                bar.set(0, a.state() == AgentState.CONNECTING ? "connecting…" : "offline", "ok");
            } else if (cpu) {
                bar.set(a.hostOrContainersCpuPercent(), vm.cpuText(a), "ok");
            } else {
                bar.set(a.ramPercentForWarnings(), vm.ramText(a), vm.ramLevel(a));
            }
            // The whole figure, which a narrow column cuts short, then where it comes from.
            String source = vm.metricsTip(a);
            String newTip =
                    source == null || !a.online() ? source : (cpu ? vm.cpuText(a) : vm.ramText(a)) + "\n" + source;
            if (!Objects.equals(tip, newTip)) {
                tip = newTip;
                if (tip != null) {
                    tooltip.setText(tip);
                }
                setTooltip(tip != null ? tooltip : null);
            }
            MetricHistory.Points p = row.history();
            spark.draw(cpu ? p.cpuPercent() : p.memPercent(), sparkWindow);
        }
    }
}
