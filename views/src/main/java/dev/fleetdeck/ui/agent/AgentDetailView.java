package dev.fleetdeck.ui.agent;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.MetricHistory;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.common.ColumnFit;
import dev.fleetdeck.ui.common.Format;
import dev.fleetdeck.ui.common.UsageBar;
import dev.fleetdeck.ui.history.HistoryChart;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * One agent up close: CPU and RAM over the last 15 minutes, its containers, the images present
 * and its container events as they come. Binds to an {@link AgentDetailViewModel}; the back
 * button (or Escape) hands control back to whoever opened it.
 */
public final class AgentDetailView {
    private static final double WINDOW_MINUTES = 15;
    private final AgentDetailViewModel vm;
    private final Runnable back;
    private final XYChart.Series<Number, Number> cpu = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> ram = new XYChart.Series<>();
    private final List<NumberAxis> timeAxes = new ArrayList<>();
    private final List<Label> collecting = new ArrayList<>();
    private VBox root;

    public AgentDetailView(AgentDetailViewModel vm, Runnable back) {
        this.vm = vm;
        this.back = back;
    }

    public Node view() {
        if (root == null) {
            root = build();
        }
        return root;
    }

    private VBox build() {
        Button backButton = new Button("← Fleet");
        backButton.setId("detail-back");
        backButton.setOnAction(e -> back.run());
        Label title = new Label(vm.agent());
        title.getStyleClass().add("detail-title");
        title.setStyle("-fx-font-size: 1.4em; -fx-font-weight: bold;");
        Label summary = new Label();
        summary.setId("detail-summary");
        summary.getStyleClass().add("muted");
        Label message = new Label();
        message.textProperty().bind(vm.messageProperty());
        message.getStyleClass().add("muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(12, backButton, title, summary, grow, message);
        header.setAlignment(Pos.CENTER_LEFT);

        LineChart<Number, Number> cpuChart = chart("CPU used %", cpu, "detail-cpu-chart");
        LineChart<Number, Number> ramChart = chart("RAM used %", ram, "detail-ram-chart");
        timeAxes.add((NumberAxis) cpuChart.getXAxis());
        timeAxes.add((NumberAxis) ramChart.getXAxis());
        Node cpuPane = collecting(cpuChart, "detail-cpu-collecting");
        Node ramPane = collecting(ramChart, "detail-ram-collecting");
        HBox live = new HBox(12, cpuPane, ramPane);
        HBox.setHgrow(cpuPane, Priority.ALWAYS);
        HBox.setHgrow(ramPane, Priority.ALWAYS);
        Node charts = live;
        if (vm.longHistory() != null) {
            // The live 15 minutes first, as before; the long ranges one click away.
            Tab liveTab = new Tab("Last 15 minutes", live);
            liveTab.setId("detail-live-tab");
            Tab historyTab = new Tab("History", new HistoryChart(vm.longHistory(), "detail-history", 200).build());
            historyTab.setId("detail-history-tab");
            TabPane tabs = new TabPane(liveTab, historyTab);
            tabs.setId("detail-chart-tabs");
            tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            charts = tabs;
        }

        TableView<AgentContainer> containers = containersTable();
        ListView<String> images = new ListView<>(vm.images());
        images.setId("detail-images");
        images.setPlaceholder(new Label("asking the engine…"));
        ListView<ContainerEvent> events = new ListView<>(vm.events());
        events.setId("detail-events");
        events.setPlaceholder(new Label("no container events since the detail opened"));
        events.setCellFactory(l -> new EventCell());
        Node containersBox = titled("Containers", containers);
        Node imagesBox = titled("Images present", images);
        Node eventsBox = titled("Events", events);
        HBox lists = new HBox(12, containersBox, imagesBox, eventsBox);
        HBox.setHgrow(containersBox, Priority.ALWAYS);
        ((Region) imagesBox).setPrefWidth(260);
        ((Region) imagesBox).setMinWidth(220);
        ((Region) eventsBox).setPrefWidth(520);
        ((Region) eventsBox).setMinWidth(360);
        ((Region) containersBox).setMinWidth(300);
        VBox.setVgrow(lists, Priority.ALWAYS);

        vm.snapshotProperty().addListener((o, was, a) -> summary.setText(summary(a)));
        summary.setText(summary(vm.snapshotProperty().get()));
        vm.historyProperty().addListener((o, was, h) -> plot(h));
        plot(vm.historyProperty().get());

        VBox box = new VBox(10, header, charts, lists);
        if (vm.disk() != null) {
            box.getChildren().add(2, diskStrip());
        }
        box.setPadding(new Insets(12));
        box.setId("agent-detail");
        box.getStyleClass().add("agent-detail");
        box.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                back.run();
                e.consume();
            }
        });
        return box;
    }

    /**
     * The agent's disk in one strip: a bar by level, then by kind, budget, filesystem and how old
     * the figure is, each a whole line that moves to the next row when the window is narrow.
     */
    private Region diskStrip() {
        UsageBar bar = new UsageBar();
        bar.setId("detail-disk-bar");
        bar.setPrefWidth(220);
        bar.setMinWidth(220);
        FlowPane lines = new FlowPane(16, 2);
        lines.setId("detail-disk");
        Runnable show = () -> {
            AgentSnapshot a = vm.snapshotProperty().get();
            if (a == null) {
                return;
            }
            bar.set(vm.disk().percent(a), vm.disk().cell(a), vm.disk().level(a));
            List<String> text = vm.disk().lines(a, Instant.now());
            while (lines.getChildren().size() < text.size()) {
                Label l = new Label();
                l.getStyleClass().add("muted");
                l.setMinWidth(Region.USE_PREF_SIZE);
                lines.getChildren().add(l);
            }
            lines.getChildren().remove(text.size(), lines.getChildren().size());
            for (int i = 0; i < text.size(); i++) {
                ((Label) lines.getChildren().get(i)).setText(text.get(i));
            }
        };
        vm.snapshotProperty().addListener((o, was, a) -> show.run());
        show.run();
        Node title = titled("Disk", bar);
        HBox strip = new HBox(16, title, lines);
        HBox.setHgrow(lines, Priority.ALWAYS);
        strip.setAlignment(Pos.TOP_LEFT);
        return strip;
    }

    private static String summary(AgentSnapshot a) {
        if (a == null) {
            return "";
        }
        return a.state().label()
                + (a.online()
                        ? String.format(
                                Locale.ROOT,
                                " · %s · %d sessions · %d containers running · %s %s",
                                a.zone(),
                                a.sessionCount(),
                                a.containersRunning(),
                                a.cpus() + " CPUs",
                                Format.bytes(a.memTotalBytes()))
                        : "")
                + (a.error() != null ? " · " + a.error() : "");
    }

    /** The chart with a "collecting…" label over it, shown until it has two readings to draw a line between. */
    private Node collecting(LineChart<Number, Number> chart, String id) {
        Label label = new Label("collecting…");
        label.setId(id);
        label.getStyleClass().add("muted");
        collecting.add(label);
        StackPane pane = new StackPane(chart, label);
        return pane;
    }

    private static LineChart<Number, Number> chart(String title, XYChart.Series<Number, Number> series, String id) {
        NumberAxis x = new NumberAxis("minutes ago", -WINDOW_MINUTES, 0, 5);
        NumberAxis y = new NumberAxis(0, 100, 25);
        x.setAutoRanging(false);
        y.setAutoRanging(false);
        x.setAnimated(false);
        y.setAnimated(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setTitle(title);
        chart.setId(id);
        // Redrawn every refresh: animating each redraw would only keep the FX thread busy.
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setPrefHeight(220);
        chart.setMinHeight(160);
        chart.getData().add(series);
        return chart;
    }

    private void plot(MetricHistory.Points p) {
        if (p == null) {
            return;
        }
        long now = p.size() == 0 ? 0 : p.epochMillis()[p.size() - 1];
        List<XYChart.Data<Number, Number>> c = new ArrayList<>(p.size());
        List<XYChart.Data<Number, Number>> m = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            double minutes = (p.epochMillis()[i] - now) / 60_000.0;
            if (minutes < -WINDOW_MINUTES) {
                continue;
            }
            c.add(new XYChart.Data<>(minutes, p.cpuPercent()[i]));
            m.add(new XYChart.Data<>(minutes, p.memPercent()[i]));
        }
        cpu.getData().setAll(c);
        ram.getData().setAll(m);
        collecting.forEach(l -> l.setVisible(c.size() < 2));
        // Just after the console starts there are seconds of history, not 15 minutes: the axis
        // spans what there is (whole minutes, at least one) so the lines are not a sliver at 0.
        double span = p.size() == 0
                ? 1
                : Math.min(WINDOW_MINUTES, Math.max(1, Math.ceil((now - p.epochMillis()[0]) / 60_000.0)));
        for (NumberAxis x : timeAxes) {
            x.setLowerBound(-span);
            x.setTickUnit(span <= 5 ? 1 : 5);
        }
    }

    private TableView<AgentContainer> containersTable() {
        TableView<AgentContainer> table = new TableView<>(vm.containers());
        table.setId("detail-containers");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("no containers"));
        TableColumn<AgentContainer, String> id = column("Id", AgentContainer::shortId, 100);
        TableColumn<AgentContainer, String> image = column("Image", AgentContainer::image, 170);
        TableColumn<AgentContainer, String> state = column("State", AgentContainer::state, 70);
        TableColumn<AgentContainer, String> user = column("User", AgentContainer::user, 90);
        TableColumn<AgentContainer, String> workspace = column("Workspace", AgentContainer::workspace, 100);
        TableColumn<AgentContainer, String> status = column("Status", AgentContainer::status, 150);
        table.getColumns()
                .addAll(List.of(
                        column("Name", AgentContainer::name, 220),
                        id,
                        image,
                        state,
                        column("Session", c -> c.session() == null ? "—" : c.session(), 140),
                        user,
                        workspace,
                        // The writable layer at the last disk reading (docker ps -s's SIZE), sorted by size.
                        bytesColumn("Writable", AgentContainer::writableBytes, 80),
                        status));
        // Whole columns give way on a narrow window (least needed first) rather than cut every one short.
        table.getColumns().forEach(c -> c.setMinWidth(c.getPrefWidth()));
        ColumnFit.install(table, List.of(id, image, status, state, workspace, user));
        return table;
    }

    private static TableColumn<AgentContainer, String> column(
            String title, Function<AgentContainer, String> value, double width) {
        TableColumn<AgentContainer, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setComparator(NaturalOrder.values());
        c.setPrefWidth(width);
        return c;
    }

    /** A size, shown short ("—" when unknown) and sorted by the bytes. */
    private static TableColumn<AgentContainer, Long> bytesColumn(
            String title, ToLongFunction<AgentContainer> bytes, double width) {
        TableColumn<AgentContainer, Long> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(bytes.applyAsLong(cell.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Long value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null ? null : value < 0 ? "—" : Format.bytes(value));
            }
        });
        c.setPrefWidth(width);
        return c;
    }

    private static Node titled(String title, Region content) {
        Label t = new Label(title);
        t.getStyleClass().add("tile-title");
        VBox box = new VBox(4, t, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    /** "14:03:12  start  session-abc (fleetdeck/firefox:1.0)". */
    static String describe(ContainerEvent e) {
        String name = e.attributes()
                .getOrDefault(
                        "name", e.containerId().length() > 12 ? e.containerId().substring(0, 12) : e.containerId());
        String image = e.attributes().get("image");
        return LocalTime.ofInstant(e.time(), ZoneId.systemDefault()).withNano(0) + "  " + e.action() + "  " + name
                + (image == null ? "" : " (" + image + ")");
    }

    private static final class EventCell extends ListCell<ContainerEvent> {
        @Override
        protected void updateItem(ContainerEvent e, boolean empty) {
            super.updateItem(e, empty);
            setText(empty || e == null ? null : describe(e));
        }
    }
}
