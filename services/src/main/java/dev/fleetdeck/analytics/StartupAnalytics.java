package dev.fleetdeck.analytics;

import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.startup.AnalysisRun;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupAnalysis;
import dev.fleetdeck.startup.StartupAnalyzer;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.startup.TrendUnit;
import dev.fleetdeck.startup.WeekOverWeek;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.StartupStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The startup analysis that {@code fleetdeck analyze} and the Analyzer page both run: the same
 * options from the configured catalog, the same reading of the configured store (Redis when it is
 * configured and answers, else the journal), the same report, trend and regression alerts.
 */
public final class StartupAnalytics {
    private final List<WorkspaceType> catalog;
    private final Clock clock;
    private final StartupRecordCodec codec;

    public StartupAnalytics(List<WorkspaceType> catalog, Clock clock, StartupRecordCodec codec) {
        this.catalog = List.copyOf(catalog);
        this.clock = clock;
        this.codec = codec;
    }

    /**
     * What to analyze.
     *
     * @param type  one workspace type, or null for all
     * @param agent one agent, or null for all
     * @param by    the trend's unit, or null for no trend
     */
    public record Query(int days, String type, String agent, TrendUnit by) {
        public Query {
            if (days < 1) {
                throw new IllegalArgumentException("days must be at least 1, was " + days);
            }
            type = type == null || type.isBlank() ? null : type.trim();
            agent = agent == null || agent.isBlank() ? null : agent.trim();
        }

        public static Query lastDays(int days) {
            return new Query(days, null, null, null);
        }
    }

    public AnalysisOptions options(Query q) {
        return AnalysisOptions.defaults().withDays(q.days()).withType(q.type()).withCatalog(catalog);
    }

    public List<WorkspaceType> catalog() {
        return catalog;
    }

    /** An empty run whose window ends now: feed it, then ask for its result (the window keeps feeding it). */
    public AnalysisRun newRun(Query q) {
        return AnalysisRun.over(new StartupAnalyzer(clock).accumulator(options(q)), q.by(), q.agent());
    }

    /** How far back a read must reach: the window, and two weeks for the week-over-week check. */
    public Instant readSince(AnalysisRun run, Query q) {
        Duration reach = Duration.ofDays(q.days());
        if (reach.compareTo(WeekOverWeek.reach()) < 0) {
            reach = WeekOverWeek.reach();
        }
        return clock.instant().minus(reach);
    }

    /** Reads the store into a new run and returns the run, to report on and keep feeding. */
    public AnalysisRun read(StartupStore store, Query q, Consumer<RecordProblem> problems) throws IOException {
        AnalysisRun run = newRun(q);
        store.feed(readSince(run, q), run, problems);
        return run;
    }

    /** The analysis of the configured store, with the store's caveat (Redis unreachable) as a note. */
    public StartupAnalysis analyze(StartupStore store, Query q, Consumer<RecordProblem> problems) throws IOException {
        AnalysisRun run = read(store, q, problems);
        return run.result().withNotes(store.caveat().stream().toList());
    }

    /** The analysis of a JSON-lines file of records ({@code --input}), on every core when it is large. */
    public StartupAnalysis analyzeFile(Path file, Query q, Consumer<RecordProblem> problems) throws IOException {
        return analyzeFile(file, null, q, problems);
    }

    /**
     * The same through a digest of the file kept at {@code digest} (null for none): made on the
     * first read, used while it is provably of this file, extended when the file has grown.
     */
    public StartupAnalysis analyzeFile(Path file, Path digest, Query q, Consumer<RecordProblem> problems)
            throws IOException {
        AnalysisRun run = newRun(q);
        JournalStartupStore.read(file, digest, codec, run, problems);
        return run.result();
    }
}
