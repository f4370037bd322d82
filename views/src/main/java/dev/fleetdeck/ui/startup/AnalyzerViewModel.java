package dev.fleetdeck.ui.startup;

import dev.fleetdeck.analytics.StartupAnalytics;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.startup.AnalysisReport;
import dev.fleetdeck.startup.AnalysisRun;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.ReportJson;
import dev.fleetdeck.startup.StartupAnalysis;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.TrendUnit;
import dev.fleetdeck.store.StartupStore;
import dev.fleetdeck.ui.common.Background;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The startup analyzer in the window: the same {@link StartupAnalytics} the command line runs, over
 * the configured store, in the background. The store is read once per choice of days, type, agent
 * and trend unit; after that each launch that finishes is added to the kept analysis, without
 * reading the store again. New alerts (a threshold crossed since the last report) are handed to
 * {@code onNewAlert}, which the view shows as notifications.
 */
public final class AnalyzerViewModel {
    public static final String ALL_TYPES = "All types";
    public static final String ALL_AGENTS = "All agents";

    private final StartupStore store;
    private final StartupAnalytics analytics;
    private final Background background;
    private final IntegerProperty days = new SimpleIntegerProperty(7);
    private final ObjectProperty<String> type = new SimpleObjectProperty<>(ALL_TYPES);
    private final ObjectProperty<String> agent = new SimpleObjectProperty<>(ALL_AGENTS);
    private final ObjectProperty<TrendUnit> unit = new SimpleObjectProperty<>(TrendUnit.DAY);
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    /** Launches finished since the last fold, from launch threads. */
    private final ConcurrentLinkedQueue<StartupRecord> landed = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean foldQueued = new AtomicBoolean();
    /** The kept analysis, fed on background threads one at a time (guarded by runLock). */
    private final Object runLock = new Object();

    private AnalysisRun run;
    private StartupAnalytics.Query runQuery;
    private Consumer<AnalysisReport.Alert> onNewAlert = a -> {};
    private boolean running;
    private boolean again;
    private long lastProblems;
    private final NavigableSet<String> seenAgents = new TreeSet<>();

    /** An analysis plus the successful startup times it was made from, for the histogram. */
    public record Result(StartupAnalysis analysis, long[] successfulTotalsMs, StartupAnalytics.Query query) {
        public AnalysisReport report() {
            return analysis.report();
        }
    }

    public AnalyzerViewModel(StartupStore store, StartupAnalytics analytics, Background background) {
        this.store = store;
        this.analytics = analytics;
        this.background = background;
        days.addListener(o -> refresh());
        type.addListener(o -> refresh());
        agent.addListener(o -> refresh());
        unit.addListener(o -> refresh());
    }

    public void setOnNewAlert(Consumer<AnalysisReport.Alert> onNewAlert) {
        this.onNewAlert = onNewAlert;
    }

    public StartupAnalytics.Query query() {
        String t = ALL_TYPES.equals(type.get()) ? null : type.get();
        String a = agent.get() == null || ALL_AGENTS.equals(agent.get()) ? null : agent.get();
        return new StartupAnalytics.Query(days.get(), t, a, unit.get());
    }

    public AnalysisOptions options() {
        return analytics.options(query());
    }

    /** Reads the store again in the background; calls that come while one runs fold into one more run. FX thread. */
    public void refresh() {
        if (running) {
            again = true;
            return;
        }
        running = true;
        StartupAnalytics.Query q = query();
        status.set("Analyzing " + store.describe() + "…");
        background.run("Analyze startups", () -> read(q), this::publish, e -> {
            running = false;
            status.set("Could not analyze: " + e.getMessage());
        });
    }

    private Result read(StartupAnalytics.Query q) throws IOException {
        // Launches told before the read starts are in the store it reads (a launch is stored, then
        // told): they must not be added twice. One that lands during the read is added after it,
        // and is counted twice if the read already met it; a window of a second at most.
        landed.clear();
        long[] problems = {0};
        AnalysisRun fresh = analytics.read(store, q, (RecordProblem p) -> problems[0]++);
        synchronized (runLock) {
            run = fresh;
            runQuery = q;
            lastProblems = problems[0];
            return result();
        }
    }

    /**
     * A launch finished: it is added to the kept analysis in the background, no store read. Any
     * thread; launches landing together are folded in one go.
     */
    public void add(StartupRecord record) {
        landed.add(record);
        if (foldQueued.compareAndSet(false, true)) {
            background.run(
                    "Add launch to analysis",
                    this::fold,
                    r -> {
                        if (r != null) {
                            publish(r);
                        }
                    },
                    e -> status.set("Could not add the launch: " + e.getMessage()));
        }
    }

    /** Adds the landed launches to the kept analysis; null while there is none yet (the first read takes them). */
    Result fold() {
        foldQueued.set(false);
        synchronized (runLock) {
            if (run == null) {
                return null;
            }
            for (StartupRecord r; (r = landed.poll()) != null; ) {
                run.accept(r);
            }
            return result();
        }
    }

    private Result result() {
        StartupAnalysis a = run.result().withNotes(store.caveat().stream().toList());
        if (lastProblems > 0) {
            a = a.withNotes(List.of(lastProblems + " unreadable records skipped in " + store.describe()));
        }
        return new Result(a, run.successfulTotalsMs(), runQuery);
    }

    private void publish(Result r) {
        r.report().byAgent().stream()
                .map(AnalysisReport.AgentStats::agent)
                .filter(a -> !AnalysisReport.AgentStats.UNPLACED.equals(a))
                .forEach(seenAgents::add);
        Result before = result.get();
        result.set(r);
        running = false;
        // Staged launches are claims, not starts: say how many, so a low average is not misread.
        long staged = r.report().staged();
        status.set(r.report().count() + " launches" + (staged == 0 ? "" : " (" + staged + " staged)") + " in the last "
                + r.query().days() + " days · " + store.describe()
                + r.analysis().notes().stream().map(n -> " · " + n).reduce("", String::concat));
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
        background.run(
                "Export report",
                () -> {
                    new ReportJson().write(r.analysis(), file);
                    return file;
                },
                f -> status.set("Report written to " + f),
                e -> status.set("Could not write " + file + ": " + e.getMessage()));
    }

    public List<String> types() {
        List<String> t = new ArrayList<>();
        t.add(ALL_TYPES);
        analytics.catalog().forEach((WorkspaceType w) -> t.add(w.name()));
        return t;
    }

    /** "All agents" and every agent met in a report so far, in name order. */
    public List<String> agents() {
        List<String> a = new ArrayList<>();
        a.add(ALL_AGENTS);
        a.addAll(seenAgents);
        return a;
    }

    public IntegerProperty daysProperty() {
        return days;
    }

    public ObjectProperty<String> typeProperty() {
        return type;
    }

    public ObjectProperty<String> agentProperty() {
        return agent;
    }

    public ObjectProperty<TrendUnit> unitProperty() {
        return unit;
    }

    public ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
