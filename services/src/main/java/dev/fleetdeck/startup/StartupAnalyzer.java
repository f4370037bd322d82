package dev.fleetdeck.startup;

import java.time.Clock;
import java.util.stream.Stream;

/**
 * The startup analyzer: average, percentiles, phases, bottlenecks, per type and per agent figures,
 * alerts and recommendations over a window of launches. It streams: records are counted as they
 * come and dropped, so the size of a journal costs time, not memory.
 */
public final class StartupAnalyzer {
    private final Clock clock;

    /** @param clock "now": the window ends here and reaches back {@code windowDays} */
    public StartupAnalyzer(Clock clock) {
        this.clock = clock;
    }

    /** An empty analysis to feed record by record (a reader, a view following a journal). */
    public StartupAccumulator accumulator(AnalysisOptions options) {
        return new StartupAccumulator(options, clock, new StartupAdvisor(options));
    }

    public AnalysisReport analyze(Stream<StartupRecord> records, AnalysisOptions options) {
        StartupAccumulator acc = accumulator(options);
        records.forEachOrdered(acc);
        return acc.report();
    }

    public AnalysisReport analyze(Iterable<StartupRecord> records, AnalysisOptions options) {
        StartupAccumulator acc = accumulator(options);
        records.forEach(acc);
        return acc.report();
    }
}
