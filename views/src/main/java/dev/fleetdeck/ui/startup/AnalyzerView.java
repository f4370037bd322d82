package dev.fleetdeck.ui.startup;

import dev.fleetdeck.startup.AnalysisReport;
import dev.fleetdeck.startup.AnalysisReport.PhaseStats;
import dev.fleetdeck.startup.AnalysisReport.TypeStats;
import dev.fleetdeck.startup.TrendUnit;
import dev.fleetdeck.text.NaturalOrder;
import dev.fleetdeck.ui.shell.LazyPage;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.Notifications;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/** Startup performance: the analyzer's figures, distribution, phases, types, alerts and advice. */
public final class AnalyzerView extends LazyPage {
    private final AnalyzerViewModel vm;
    private ScrollPane root;
    private final StartupHistogram histogram = new StartupHistogram();
    private final StartupTrendChart trend = new StartupTrendChart();
    private final ComboBox<String> agents = new ComboBox<>();
    private final HBox tiles = new HBox(10);
    private final VBox alerts = new VBox(6);
    private final HBox phaseBar = new HBox();
    private final VBox phaseLegend = new VBox(2);
    private final VBox recommendations = new VBox(4);
    private final TableView<TypeStats> types = new TableView<>();

    public AnalyzerView(AnalyzerViewModel vm) {
        super("Analyzer", MaterialDesignC.CHART_BOX_OUTLINE);
        this.vm = vm;
    }

    @Override
    protected Node build() {
        root = content();
        vm.setOnNewAlert(a -> {
            Notifications n = Notifications.create()
                    .title("Startup " + a.level().name().toLowerCase(Locale.ROOT))
                    .text(a.message())
                    .owner(root.getScene() == null ? null : root.getScene().getWindow());
            if (a.level() == AnalysisReport.Alert.Level.CRITICAL) {
                n.showError();
            } else {
                n.showWarning();
            }
        });
        vm.resultProperty().addListener((o, was, r) -> show(r));
        vm.refresh();
        return root;
    }

    private ScrollPane content() {
        ComboBox<Integer> days = new ComboBox<>(FXCollections.observableArrayList(1, 7, 30, 90));
        days.setValue(vm.daysProperty().get());
        days.valueProperty().addListener((o, a, d) -> vm.daysProperty().set(d));
        days.setId("analyzer-days");
        ComboBox<String> type = new ComboBox<>(FXCollections.observableArrayList(vm.types()));
        type.valueProperty().bindBidirectional(vm.typeProperty());
        type.setId("analyzer-type");
        agents.getItems().setAll(vm.agents());
        agents.valueProperty().bindBidirectional(vm.agentProperty());
        agents.setId("analyzer-agent");
        ComboBox<TrendUnit> unit = new ComboBox<>(FXCollections.observableArrayList(TrendUnit.values()));
        unit.valueProperty().bindBidirectional(vm.unitProperty());
        unit.setId("analyzer-unit");
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refresh());
        Button export = new Button("Export…");
        export.setId("analyzer-export");
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName("startup-report.json");
            File f = chooser.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                vm.export(f.toPath());
            }
        });
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("muted");
        // The one item that gives way on a narrow window: it wraps; the controls keep their words.
        status.setWrapText(true);
        status.setMinWidth(0);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label last = new Label("Last");
        Label daysWord = new Label("days");
        Label per = new Label("per");
        for (Region fixed : List.of(last, days, daysWord, type, agents, per, unit, refresh, export)) {
            fixed.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox.setHgrow(status, Priority.SOMETIMES);
        HBox bar = new HBox(8, last, days, daysWord, type, agents, per, unit, refresh, export, grow, status);
        bar.setAlignment(Pos.CENTER_LEFT);

        types.setId("analyzer-types");
        types.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        types.setPrefHeight(200);
        types.getColumns()
                .addAll(List.of(
                        col("Type", TypeStats::type),
                        col("Launches", t -> Long.toString(t.count())),
                        col("Average", t -> seconds(t.avgMs())),
                        col("Median", t -> seconds(t.medianMs())),
                        col("P95", t -> seconds(t.p95Ms())),
                        col("Target", t -> seconds((double) t.targetMs())),
                        col("Within target", t -> String.format(Locale.ROOT, "%.0f %%", t.withinTypeTargetPct())),
                        col("Failure rate", t -> String.format(Locale.ROOT, "%.1f %%", t.failureRate() * 100))));

        phaseBar.setPrefHeight(22);
        phaseBar.setMinHeight(22);
        tiles.setId("analyzer-tiles");
        VBox box = new VBox(
                12,
                bar,
                alerts,
                tiles,
                section("Startup times (successful launches)"),
                histogram,
                section("Trend: P50 and P95 per UTC day or hour, against the targets"),
                trend,
                section("Phase breakdown (average share of startup)"),
                phaseBar,
                phaseLegend,
                section("Per workspace type"),
                types,
                section("Recommendations"),
                recommendations);
        box.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private void show(AnalyzerViewModel.Result r) {
        AnalysisReport rep = r.report();
        tiles.getChildren()
                .setAll(
                        tile("Launches", Long.toString(rep.count()), "analyzer-count"),
                        tile(
                                "Failure rate",
                                String.format(Locale.ROOT, "%.1f %%", rep.failureRate() * 100),
                                "analyzer-failure-rate"),
                        tile("Average", seconds(rep.avgMs()), "analyzer-avg"),
                        tile("Median", seconds(rep.medianMs()), "analyzer-median"),
                        tile("P95", seconds(rep.p95Ms()), "analyzer-p95"),
                        tile("P99", seconds(rep.p99Ms()), "analyzer-p99"),
                        tile(
                                "Within " + rep.targetMs() / 1000 + " s",
                                String.format(Locale.ROOT, "%.1f %%", rep.withinTargetPct()),
                                "analyzer-within"));
        alerts.getChildren().clear();
        for (AnalysisReport.Alert a : rep.alerts()) {
            Label l = new Label(
                    (a.level() == AnalysisReport.Alert.Level.CRITICAL ? "CRITICAL: " : "Warning: ") + a.message());
            l.getStyleClass()
                    .addAll("alert-banner", a.level() == AnalysisReport.Alert.Level.CRITICAL ? "critical" : "warning");
            l.setMaxWidth(Double.MAX_VALUE);
            l.setWrapText(true);
            alerts.getChildren().add(l);
        }
        histogram.set(r.successfulTotalsMs(), rep.p95Ms(), rep.p99Ms(), rep.targetMs());
        phaseBar.getChildren().clear();
        phaseLegend.getChildren().clear();
        String[] colours = {"#8250df", "#bf8700", "#0969da", "#1a7f37"};
        for (PhaseStats p : rep.phases()) {
            Region seg = new Region();
            seg.setStyle("-fx-background-color: " + colours[p.phase().ordinal() % colours.length] + ";");
            seg.prefWidthProperty().bind(phaseBar.widthProperty().multiply(p.sharePct() / 100.0));
            seg.setMinWidth(p.sharePct() > 0 ? 2 : 0);
            Tooltip.install(
                    seg,
                    new Tooltip(p.phase().label() + ": " + seconds(p.avgMs()) + " average, "
                            + String.format(Locale.ROOT, "%.1f %%", p.sharePct())));
            phaseBar.getChildren().add(seg);
            Label legend = new Label(String.format(
                    Locale.ROOT, "■ %-18s %8s average  %5.1f %%", p.phase().label(), seconds(p.avgMs()), p.sharePct()));
            legend.setStyle("-fx-text-fill: " + colours[p.phase().ordinal() % colours.length]
                    + "; -fx-font-family: monospace;");
            phaseLegend.getChildren().add(legend);
        }
        String shownType = r.query().type();
        trend.set(
                r.analysis().trend(),
                r.analysis().trendUnit(),
                rep.targetMs(),
                shownType,
                shownType == null ? 0 : vm.options().targetMsFor(shownType));
        List<String> known = vm.agents();
        if (!agents.getItems().equals(known)) {
            // Keep the choice while the list grows: setAll would clear the bound value.
            String chosen = agents.getValue();
            agents.getItems().setAll(known);
            agents.setValue(chosen);
        }
        types.getItems().setAll(rep.byType());
        recommendations.getChildren().clear();
        if (rep.recommendations().isEmpty()) {
            recommendations
                    .getChildren()
                    .add(new Label(
                            rep.count() == 0
                                    ? "No launches in this window yet."
                                    : "Nothing to recommend: startup is within its targets."));
        }
        for (String s : rep.recommendations()) {
            Label l = new Label("• " + s);
            l.setWrapText(true);
            recommendations.getChildren().add(l);
        }
    }

    private static Label section(String title) {
        Label l = new Label(title);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Node tile(String title, String value, String id) {
        Label t = new Label(title);
        t.getStyleClass().add("tile-title");
        Label v = new Label(value);
        v.getStyleClass().add("tile-value");
        v.setId(id);
        VBox box = new VBox(2, t, v);
        box.getStyleClass().add("tile");
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    /** Seconds with one decimal: how the analyzer's figures read on screen and in the report. */
    public static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static TableColumn<TypeStats, String> col(String title, Function<TypeStats, String> value) {
        TableColumn<TypeStats, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setComparator(NaturalOrder.values());
        return c;
    }
}
