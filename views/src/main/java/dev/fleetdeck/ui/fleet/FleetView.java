package dev.fleetdeck.ui.fleet;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.MetricHistory;
import dev.fleetdeck.ui.common.Format;
import dev.fleetdeck.ui.shell.Page;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The home screen: one row per agent, fleet totals on top. */
public final class FleetView implements Page {
    private final FleetViewModel vm;
    private final int sparkWindow;
    private VBox root;

    /** @param sparkWindow how many readings the sparkline spans (15 minutes of refreshes) */
    public FleetView(FleetViewModel vm, int sparkWindow) {
        this.vm = vm;
        this.sparkWindow = sparkWindow;
    }

    @Override
    public String title() {
        return "Fleet";
    }

    @Override
    public Ikon icon() {
        return MaterialDesignS.SERVER_NETWORK;
    }

    @Override
    public Node view() {
        if (root == null) {
            root = build();
        }
        return root;
    }

    private VBox build() {
        HBox totals = new HBox(12,
                tile("Agents", vm.agentsSummaryProperty(), false),
                tile("Sessions", vm.sessionsSummaryProperty(), false),
                tile("CPU", vm.cpuSummaryProperty(), true),
                tile("RAM", vm.memSummaryProperty(), true));
        totals.getStyleClass().add("totals");

        Label headroom = new Label();
        headroom.textProperty().bind(vm.headroomSummaryProperty());
        headroom.getStyleClass().add("headroom");
        vm.headroomOkProperty().addListener((o, was, ok) -> headroom.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("risk"), !ok));

        ComboBox<String> zone = new ComboBox<>(vm.zones());
        zone.valueProperty().bindBidirectional(vm.zoneFilterProperty());
        zone.setId("zone-filter");
        ComboBox<String> state = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(vm.states()));
        state.valueProperty().bindBidirectional(vm.stateFilterProperty());
        state.setId("state-filter");
        TextField search = new TextField();
        search.setPromptText("Filter agents");
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setId("agent-search");
        Label updated = new Label();
        updated.getStyleClass().add("muted");
        vm.lastUpdateProperty().addListener((o, a, t) -> updated.setText("updated " + java.time.LocalTime
                .ofInstant(t, java.time.ZoneId.systemDefault()).withNano(0)));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox filters = new HBox(8, new Label("Zone"), zone, new Label("State"), state, search, grow, updated);
        filters.setAlignment(Pos.CENTER_LEFT);

        TableView<AgentSnapshot> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(10, totals, headroom, filters, table);
        box.setPadding(new Insets(12));
        box.getStyleClass().add("fleet-view");
        return box;
    }

    /** @param wraps long figures wrap; short ones keep their width so they never squeeze into a column */
    private static Node tile(String title, javafx.beans.value.ObservableValue<String> value, boolean wraps) {
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

    private TableView<AgentSnapshot> table() {
        TableView<AgentSnapshot> table = new TableView<>(vm.rows());
        vm.rows().comparatorProperty().bind(table.comparatorProperty());
        table.setId("fleet-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No agents configured: add some to fleet.yaml, or start with --demo."));

        TableColumn<AgentSnapshot, String> name = text("Agent", AgentSnapshot::name);
        name.setPrefWidth(120);
        TableColumn<AgentSnapshot, String> zone = text("Zone", AgentSnapshot::zone);
        zone.setPrefWidth(60);

        TableColumn<AgentSnapshot, AgentState> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().state()));
        state.setCellFactory(c -> new StateCell());
        state.setPrefWidth(90);

        TableColumn<AgentSnapshot, AgentSnapshot> cpu = new TableColumn<>("CPU used");
        cpu.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        cpu.setCellFactory(c -> new UsageCell(true));
        cpu.setComparator(Comparator.comparingDouble(AgentSnapshot::cpuPercent));
        cpu.setPrefWidth(190);

        TableColumn<AgentSnapshot, AgentSnapshot> ram = new TableColumn<>("RAM used");
        ram.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        ram.setCellFactory(c -> new UsageCell(false));
        ram.setComparator(Comparator.comparingDouble(AgentSnapshot::memPercent));
        ram.setPrefWidth(190);

        TableColumn<AgentSnapshot, String> alloc = text("Allocated", a -> a.online()
                ? String.format(Locale.ROOT, "%s/%s cores · %s/%s", Format.cores(a.allocatedCpus()),
                        Format.cores(a.capacityCpus()), Format.bytes(a.allocatedMemBytes()), Format.bytes(a.capacityMemBytes()))
                : "—");
        alloc.setPrefWidth(200);
        TableColumn<AgentSnapshot, Number> sessions = new TableColumn<>("Sessions");
        sessions.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().sessionCount()));
        sessions.setPrefWidth(70);
        TableColumn<AgentSnapshot, String> fits = text("Still fits", vm::fits);
        fits.setPrefWidth(230);
        TableColumn<AgentSnapshot, String> docker = text("Docker", a -> a.dockerVersion() == null ? "—"
                : a.dockerVersion().replace("-simulated", ""));
        docker.setPrefWidth(75);
        TableColumn<AgentSnapshot, String> ping = text("Ping", a -> a.online() ? Format.millis(a.ping()) : "—");
        ping.setPrefWidth(60);
        TableColumn<AgentSnapshot, String> seen = text("Refreshed", a -> a.lastRefresh() == null ? "never"
                : Format.age(a.lastRefresh(), Instant.now()) + " ago");
        seen.setPrefWidth(80);

        // "Still fits" last: it takes the width left over.
        table.getColumns().addAll(java.util.List.of(name, zone, state, cpu, ram, alloc, sessions, docker, ping, seen, fits));
        return table;
    }

    private static <T> TableColumn<AgentSnapshot, T> text(String title, Function<AgentSnapshot, T> value) {
        TableColumn<AgentSnapshot, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    private static final class StateCell extends TableCell<AgentSnapshot, AgentState> {
        private final Label badge = new Label();

        StateCell() {
            badge.getStyleClass().add("state-badge");
        }

        @Override
        protected void updateItem(AgentState s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            badge.setText(s.label());
            // Style classes change only with the state: a change re-applies CSS on the next pulse.
            String style = "state-" + s.name().toLowerCase(Locale.ROOT);
            if (!badge.getStyleClass().contains(style)) {
                badge.getStyleClass().removeIf(c -> c.startsWith("state-") && !c.equals("state-badge"));
                badge.getStyleClass().add(style);
            }
            setGraphic(badge);
            AgentSnapshot a = getTableRow() == null ? null : getTableRow().getItem();
            setTooltip(a != null && a.error() != null ? new Tooltip(a.error()) : null);
        }
    }

    private final class UsageCell extends TableCell<AgentSnapshot, AgentSnapshot> {
        private final boolean cpu;
        private final UsageBar bar = new UsageBar();
        private final Sparkline spark = new Sparkline(60, 18);
        private final HBox box = new HBox(6, bar, spark);

        UsageCell(boolean cpu) {
            this.cpu = cpu;
            box.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(bar, Priority.ALWAYS);
            spark.setColor(cpu ? Color.web("#0969da") : Color.web("#8250df"));
        }

        @Override
        protected void updateItem(AgentSnapshot a, boolean empty) {
            super.updateItem(a, empty);
            if (empty || a == null) {
                setGraphic(null);
                return;
            }
            if (!a.online()) {
                bar.set(0, a.state() == AgentState.CONNECTING ? "connecting…" : "offline", "ok");
            } else if (cpu) {
                bar.set(a.cpuPercent(), String.format(Locale.ROOT, "%s · %s/%d", Format.percent(a.cpuPercent()),
                        Format.cores(a.usedCpus()), a.cpus()), "ok");
            } else {
                bar.set(a.memPercent(), String.format(Locale.ROOT, "%s · %s", Format.percent(a.memPercent()),
                        Format.bytes(a.memUsedBytes())), vm.ramLevel(a));
            }
            MetricHistory.Points p = vm.history(a.name());
            spark.draw(cpu ? p.cpuPercent() : p.memPercent(), sparkWindow);
            setGraphic(box);
        }
    }
}
