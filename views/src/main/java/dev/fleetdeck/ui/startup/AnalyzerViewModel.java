package dev.fleetdeck.ui.startup;

import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.startup.AnalysisReport;
import dev.fleetdeck.startup.ReportJson;
import dev.fleetdeck.startup.StartupAccumulator;
import dev.fleetdeck.startup.StartupAnalyzer;
import dev.fleetdeck.store.StartupStore;
import dev.fleetdeck.ui.common.Background;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The startup analyzer in the window: the same {@link StartupAnalyzer} the command line runs, over
 * the stored records, in the background. New alerts (a threshold crossed since the last report)
 * are handed to {@code onNewAlert}, which the view shows as notifications.
 */
public final class AnalyzerViewModel {
    public static final String ALL_TYPES = "All types";

    private final StartupStore store;
    private final StartupAnalyzer analyzer;
    private final List<WorkspaceType> catalog;
    private final Background background;
    private final Clock clock;
    private final IntegerProperty days = new SimpleIntegerProperty(7);
    private final ObjectProperty<String> type = new SimpleObjectProperty<>(ALL_TYPES);
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private Consumer<AnalysisReport.Alert> onNewAlert = a -> { };
    private boolean running;
    private boolean again;

    /** A report plus the successful startup times it was made from, for the histogram. */
    public record Result(AnalysisReport report, long[] successfulTotalsMs) {
    }

    public AnalyzerViewModel(StartupStore store, StartupAnalyzer analyzer, List<WorkspaceType> catalog,
                             Background background, Clock clock) {
        this.store = store;
        this.analyzer = analyzer;
        this.catalog = List.copyOf(catalog);
        this.background = background;
        this.clock = clock;
        days.addListener(o -> refresh());
        type.addListener(o -> refresh());
    }

    public void setOnNewAlert(Consumer<AnalysisReport.Alert> onNewAlert) {
        this.onNewAlert = onNewAlert;
    }

    public AnalysisOptions options() {
        String t = ALL_TYPES.equals(type.get()) ? null : type.get();
        return AnalysisOptions.defaults().withDays(days.get()).withType(t).withCatalog(catalog);
    }

    /** Recomputes in the background; calls that come while one runs fold into one more run. FX thread. */
    public void refresh() {
        if (running) {
            again = true;
            return;
        }
        running = true;
        AnalysisOptions options = options();
        status.set("Analyzing " + store.describe() + "…");
        background.run("Analyze startups", () -> compute(options), this::publish, e -> {
            running = false;
            status.set("Could not analyze: " + e.getMessage());
        });
    }

    private Result compute(AnalysisOptions options) throws java.io.IOException {
        StartupAccumulator acc = analyzer.accumulator(options);
        long[][] totals = {new long[256]};
        int[] n = {0};
        java.time.Instant since = clock.instant().minus(Duration.ofDays(options.windowDays()));
        store.forEachSince(since, r -> {
            acc.accept(r);
            if (r.ready() && r.performance() != null && options.includesType(r.workspaceType())) {
                if (n[0] == totals[0].length) {
                    totals[0] = Arrays.copyOf(totals[0], n[0] * 2);
                }
                totals[0][n[0]++] = r.performance().totalStartupTimeMs();
            }
        });
        return new Result(acc.report(), Arrays.copyOf(totals[0], n[0]));
    }

    private void publish(Result r) {
        Result before = result.get();
        result.set(r);
        running = false;
        // Staged launches are claims, not starts: say how many, so a low average is not misread.
        long staged = r.report().staged();
        status.set(r.report().count() + " launches" + (staged == 0 ? "" : " (" + staged + " staged)") + " in the last "
                + days.get() + " days · " + store.describe());
        if (before != null) {
            List<AnalysisReport.Alert> fresh = new ArrayList<>(r.report().alerts());
            fresh.removeAll(before.report().alerts());
            fresh.forEach(onNewAlert);
        }
        if (again) {
            again = false;
            refresh();
        }
    }

    public void export(Path file) {
        Result r = result.get();
        if (r == null) {
            return;
        }
        background.run("Export report", () -> {
            new ReportJson().write(r.report(), file);
            return file;
        }, f -> status.set("Report written to " + f), e -> status.set("Could not write " + file + ": " + e.getMessage()));
    }

    public List<String> types() {
        List<String> t = new ArrayList<>();
        t.add(ALL_TYPES);
        catalog.forEach(w -> t.add(w.name()));
        return t;
    }

    public IntegerProperty daysProperty() { return days; }
    public ObjectProperty<String> typeProperty() { return type; }
    public ReadOnlyObjectProperty<Result> resultProperty() { return result.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
