package dev.fleetdeck.ui.cache;

import dev.fleetdeck.cache.CacheHistory;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.common.ColumnFit;
import dev.fleetdeck.ui.shell.LazyPage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * Each cache's hit rate now and over the last hour against the target, its counters, and the
 * Redis server's own figures.
 */
public final class CachesView extends LazyPage {
    private static final PseudoClass BELOW = PseudoClass.getPseudoClass("below");
    private final CachesViewModel vm;
    private final FlowPane tiles = new FlowPane(10, 10);
    private LineChart<Number, Number> chart;
    private final Label collecting = new Label("collecting…");
    private NumberAxis timeAxis;
    private boolean inMinutes;

    public CachesView(CachesViewModel vm) {
        super("Caches", MaterialDesignC.CACHED);
        this.vm = vm;
    }

    @Override
    protected VBox build() {
        tiles.setId("cache-tiles");
        Label heading = new Label("Hit rate per sampling interval, over the last " + spanText(vm.span()) + " · target "
                + CachesViewModel.percent(vm.target()));
        heading.getStyleClass().add("tile-title");
        Label updated = new Label("not sampled yet");
        updated.getStyleClass().add("muted");
        vm.lastSampleProperty()
                .addListener((o, a, t) -> updated.setText("sampled "
                        + LocalTime.ofInstant(t, ZoneId.systemDefault()).withNano(0)));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(8, heading, grow, updated);
        top.setAlignment(Pos.CENTER_LEFT);

        chart = chart();
        TableView<CacheRow> table = table();
        Node redis = redisPanel();
        HBox bottom = new HBox(12, table, redis);
        HBox.setHgrow(table, Priority.ALWAYS);
        collecting.setId("cache-chart-collecting");
        collecting.getStyleClass().add("muted");
        StackPane chartPane = new StackPane(chart, collecting);
        VBox.setVgrow(chartPane, Priority.ALWAYS);

        vm.rows().addListener((ListChangeListener<CacheRow>) c -> refreshTiles());
        vm.historyProperty().addListener((o, a, h) -> refreshChart(h));
        refreshTiles();
        refreshChart(vm.historyProperty().get());

        VBox box = new VBox(10, top, tiles, chartPane, bottom);
        box.setPadding(new Insets(12));
        box.getStyleClass().add("caches-view");
        return box;
    }

    private void refreshTiles() {
        List<Node> list = new ArrayList<>();
        for (CacheRow r : vm.rows()) {
            Label name = new Label(r.name());
            name.getStyleClass().add("tile-title");
            Label rate = new Label(CachesViewModel.percent(r.current()));
            rate.getStyleClass().add("cache-rate");
            rate.pseudoClassStateChanged(BELOW, r.belowTarget());
            Label detail = new Label(
                    Double.isNaN(r.current())
                            ? "no lookups yet"
                            : Double.isNaN(r.lastInterval()) ? "since start" : "last interval");
            detail.getStyleClass().add("muted");
            VBox tile = new VBox(2, name, rate, detail);
            tile.getStyleClass().addAll("tile", "cache-tile");
            tile.pseudoClassStateChanged(BELOW, r.belowTarget());
            tile.setId("cache-tile-" + r.name().replaceAll("[^a-z0-9]+", "-"));
            list.add(tile);
        }
        tiles.getChildren().setAll(list);
    }

    /** Points per line: enough for the chart's width, however long the history. */
    static final int CHART_POINTS = 240;

    private LineChart<Number, Number> chart() {
        Duration span = vm.span();
        inMinutes = span.compareTo(Duration.ofMinutes(5)) >= 0;
        double lower = inMinutes ? -span.toSeconds() / 60.0 : -span.toMillis() / 1000.0;
        timeAxis = new NumberAxis(lower, 0, inMinutes ? 5 : Math.max(1, Math.round(-lower / 12)));
        timeAxis.setLabel(inMinutes ? "minutes ago" : "seconds ago");
        NumberAxis rateAxis = new NumberAxis(0, 100, 20);
        rateAxis.setLabel("hit rate %");
        LineChart<Number, Number> c = new LineChart<>(timeAxis, rateAxis);
        c.setId("cache-chart");
        c.setAnimated(false);
        // A line per cache, no symbol per point: an hour of samples would be thousands of nodes.
        c.setCreateSymbols(false);
        c.setLegendVisible(true);
        c.setMinHeight(240);
        c.getStyleClass().add("cache-chart");
        return c;
    }

    private void refreshChart(Map<String, List<CacheHistory.Point>> history) {
        Instant now = vm.lastSampleProperty().get() == null
                ? Instant.now()
                : vm.lastSampleProperty().get();
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        XYChart.Series<Number, Number> target = new XYChart.Series<>();
        target.setName("target " + CachesViewModel.percent(vm.target()));
        target.getData().add(new XYChart.Data<>(timeAxis.getLowerBound(), vm.target() * 100));
        target.getData().add(new XYChart.Data<>(0, vm.target() * 100));
        all.add(target);
        for (Map.Entry<String, List<CacheHistory.Point>> e : history.entrySet()) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(e.getKey());
            for (CacheHistory.Point p : CacheHistory.merged(e.getValue(), CHART_POINTS)) {
                if (Double.isNaN(p.hitRate())) {
                    continue; // no lookups in that interval: a gap, not a 0 %
                }
                double ago = Duration.between(p.at(), now).toMillis() / 1000.0;
                s.getData().add(new XYChart.Data<>(-(inMinutes ? ago / 60 : ago), p.hitRate() * 100));
            }
            if (!s.getData().isEmpty()) {
                all.add(s);
            }
        }
        chart.getData().setAll(all);
        // One sample is one point: no line yet, so say so rather than draw a lone tick at "0 minutes ago".
        collecting.setVisible(
                all.stream().skip(1).noneMatch(line -> line.getData().size() >= 2));
        // The target line is the first series: dashed (see fleetdeck.css).
        target.getNode().getStyleClass().add("target-line");
    }

    private TableView<CacheRow> table() {
        TableView<CacheRow> table = new TableView<>(vm.rows());
        table.setId("cache-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No caches sampled yet"));
        table.setPrefHeight(230);
        TableColumn<CacheRow, String> name = text("Cache", CacheRow::name);
        name.setPrefWidth(150);
        TableColumn<CacheRow, String> ttl =
                text("TTL", r -> r.ttl() == null ? "—" : r.ttl().toSeconds() + " s");
        TableColumn<CacheRow, String> hits =
                text("Hits", r -> Long.toString(r.sinceStart().hits()));
        TableColumn<CacheRow, String> misses =
                text("Misses", r -> Long.toString(r.sinceStart().misses()));
        TableColumn<CacheRow, String> now = text("Hit rate now", r -> CachesViewModel.percent(r.current()));
        now.setCellFactory(c -> new RateCell());
        TableColumn<CacheRow, String> since = text(
                "Since start",
                r -> r.sinceStart().hits() + r.sinceStart().misses() == 0
                        ? "—"
                        : CachesViewModel.percent(r.sinceStart().hitRate()));
        TableColumn<CacheRow, String> evicted =
                text("Evicted", r -> Long.toString(r.sinceStart().evictions()));
        TableColumn<CacheRow, String> hitMs = text(
                "Avg hit",
                r -> millis(r.sinceStart().avgHitMillis(), r.sinceStart().hits()));
        TableColumn<CacheRow, String> missMs = text(
                "Avg miss",
                r -> millis(r.sinceStart().avgMissMillis(), r.sinceStart().misses()));
        // Minimum widths keep titles and figures whole; a narrow window hides columns instead (ColumnFit).
        double[] widths = {150, 60, 80, 85, 120, 110, 85, 90, 100};
        List<TableColumn<CacheRow, ?>> columns = List.of(name, ttl, hits, misses, now, since, evicted, hitMs, missMs);
        for (int i = 0; i < widths.length; i++) {
            columns.get(i).setMinWidth(widths[i]);
            columns.get(i).setPrefWidth(widths[i]);
        }
        table.getColumns().addAll(columns);
        ColumnFit.install(table, List.of(evicted, hitMs, missMs, ttl, since, misses, hits));
        return table;
    }

    private static String spanText(Duration span) {
        return span.toMinutes() >= 2 ? span.toMinutes() + " minutes" : span.toSeconds() + " seconds";
    }

    private static String millis(double ms, long n) {
        return n == 0
                ? "—"
                : ms < 0.1
                        ? String.format(Locale.ROOT, "%.0f µs", ms * 1000)
                        : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private static <T> TableColumn<CacheRow, T> text(String title, Function<CacheRow, T> value) {
        TableColumn<CacheRow, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setComparator(NaturalOrder.values());
        return c;
    }

    private static final class RateCell extends TableCell<CacheRow, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            CacheRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            setText(empty ? null : text);
            getStyleClass().add("cache-rate-cell");
            pseudoClassStateChanged(BELOW, row != null && row.belowTarget());
        }
    }

    private Node redisPanel() {
        Label state = new Label();
        state.setId("redis-state");
        state.textProperty().bind(vm.redisStateProperty());
        state.setWrapText(true);
        state.getStyleClass().add("redis-state");
        vm.redisAvailableProperty()
                .addListener((o, a, up) -> state.pseudoClassStateChanged(PseudoClass.getPseudoClass("up"), up));
        GridPane figures = new GridPane();
        figures.setHgap(12);
        figures.setVgap(4);
        Runnable fill = () -> {
            figures.getChildren().clear();
            int row = 0;
            for (String[] f : vm.redisFigures()) {
                Label k = new Label(f[0]);
                k.getStyleClass().add("muted");
                figures.addRow(row++, k, new Label(f[1]));
            }
        };
        vm.redisFigures().addListener((ListChangeListener<String[]>) c -> fill.run());
        fill.run();
        Label title = new Label("Redis server");
        title.getStyleClass().add("tile-title");
        VBox box = new VBox(6, title, state, figures);
        box.getStyleClass().addAll("tile", "redis-panel");
        box.setId("redis-panel");
        box.setPrefWidth(380);
        box.setMinWidth(320);
        return box;
    }
}
