package dev.fleetdeck.ui.history;

import dev.fleetdeck.history.AgentHistory;
import dev.fleetdeck.history.HistoryPoint;
import dev.fleetdeck.history.HistoryRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * CPU and RAM over 1 h, 24 h, 7 d or 30 d: the host's line (node-exporter) and the sessions' sum,
 * with a range switch and a caption saying where the figures come from. Until a range has two
 * points the charts say "collecting…" instead of drawing an empty axis. Binds to a
 * {@link HistoryViewModel}; ids are prefixed with {@code idPrefix} so two charts on one screen
 * stay apart.
 */
public final class HistoryChart {
    private final HistoryViewModel vm;
    private final String idPrefix;
    private final double height;

    public HistoryChart(HistoryViewModel vm, String idPrefix, double height) {
        this.vm = vm;
        this.idPrefix = idPrefix;
        this.height = height;
    }

    /** The switch's id for a range: {@code PREFIX-range-1h}, {@code -24h}, {@code -7d}, {@code -30d}. */
    public static String rangeId(String idPrefix, HistoryRange r) {
        return idPrefix + "-range-" + r.label().replace(" ", "");
    }

    public Node build() {
        ToggleGroup group = new ToggleGroup();
        HBox switches = new HBox(4);
        switches.setAlignment(Pos.CENTER_LEFT);
        for (HistoryRange r : HistoryRange.values()) {
            ToggleButton b = new ToggleButton(r.label());
            b.setId(rangeId(idPrefix, r));
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setToggleGroup(group);
            b.setUserData(r);
            b.setSelected(r == vm.rangeProperty().get());
            switches.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true); // one range is always chosen
            } else {
                vm.rangeProperty().set((HistoryRange) now.getUserData());
            }
        });
        Label caption = new Label();
        caption.setId(idPrefix + "-source");
        caption.getStyleClass().add("muted");
        caption.setWrapText(true);
        caption.textProperty().bind(vm.messageProperty());
        HBox.setHgrow(caption, Priority.ALWAYS);
        caption.setMaxWidth(Double.MAX_VALUE);
        HBox top = new HBox(10, switches, caption);
        top.setAlignment(Pos.CENTER_LEFT);

        Series cpu = new Series("CPU %", idPrefix + "-cpu");
        Series ram = new Series("RAM %", idPrefix + "-ram");
        HBox charts = new HBox(12, cpu.pane, ram.pane);
        HBox.setHgrow(cpu.pane, Priority.ALWAYS);
        HBox.setHgrow(ram.pane, Priority.ALWAYS);
        Runnable plot = () -> {
            AgentHistory h = vm.historyProperty().get();
            cpu.plot(h, HistoryPoint::hostCpu, HistoryPoint::sessionsCpu);
            ram.plot(h, HistoryPoint::hostMem, HistoryPoint::sessionsMem);
        };
        vm.historyProperty().addListener((o, was, h) -> plot.run());
        plot.run();
        VBox box = new VBox(6, top, charts);
        box.setId(idPrefix);
        box.getStyleClass().add("history-chart");
        return box;
    }

    /** One chart (CPU or RAM) with its host and sessions lines and its "collecting…" overlay. */
    private final class Series {
        final XYChart.Series<Number, Number> host = new XYChart.Series<>();
        final XYChart.Series<Number, Number> sessions = new XYChart.Series<>();
        final NumberAxis x = new NumberAxis();
        final LineChart<Number, Number> chart;
        final Label collecting = new Label("collecting…");
        final StackPane pane;

        Series(String title, String id) {
            host.setName("host");
            sessions.setName("sessions");
            NumberAxis y = new NumberAxis(0, 100, 25);
            y.setAutoRanging(false);
            y.setAnimated(false);
            x.setAutoRanging(false);
            x.setAnimated(false);
            chart = new LineChart<>(x, y);
            chart.setTitle(title);
            chart.setId(id + "-chart");
            chart.setAnimated(false);
            // Hundreds of points: a symbol for each would be hundreds of nodes per redraw.
            chart.setCreateSymbols(false);
            chart.setPrefHeight(height);
            chart.setMinHeight(120);
            chart.getData().add(host);
            chart.getData().add(sessions);
            collecting.setId(id + "-collecting");
            collecting.getStyleClass().add("muted");
            pane = new StackPane(chart, collecting);
        }

        void plot(
                AgentHistory h,
                ToDoubleFunction<HistoryPoint> hostFigure,
                ToDoubleFunction<HistoryPoint> sessionsFigure) {
            HistoryRange range = h == null ? HistoryRange.HOUR : h.range();
            boolean hours = range.span().compareTo(Duration.ofDays(1)) <= 0 && range != HistoryRange.HOUR;
            boolean minutes = range == HistoryRange.HOUR;
            double unit = minutes ? 60 : hours ? 3600 : 86_400;
            x.setLabel(minutes ? "minutes ago" : hours ? "hours ago" : "days ago");
            double span = range.span().toSeconds() / unit;
            x.setLowerBound(-span);
            x.setUpperBound(0);
            x.setTickUnit(minutes ? 10 : hours ? 4 : range == HistoryRange.WEEK ? 1 : 5);
            boolean empty = h == null || h.collecting();
            collecting.setVisible(empty);
            collecting.setText(h == null ? "reading…" : "collecting…");
            Instant now = Instant.now();
            host.getData().setAll(line(empty ? List.of() : h.points(), hostFigure, now, unit));
            sessions.getData().setAll(line(empty ? List.of() : h.points(), sessionsFigure, now, unit));
        }
    }

    private static List<XYChart.Data<Number, Number>> line(
            List<HistoryPoint> points, ToDoubleFunction<HistoryPoint> figure, Instant now, double unit) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>(points.size());
        for (HistoryPoint p : points) {
            double v = figure.applyAsDouble(p);
            if (!Double.isNaN(v)) {
                out.add(new XYChart.Data<>((p.at().getEpochSecond() - now.getEpochSecond()) / unit, Math.min(100, v)));
            }
        }
        return out;
    }
}
