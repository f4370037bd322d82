package dev.fleetdeck.startup;

import java.util.ArrayList;
import java.util.List;

/**
 * What one analysis found: the report (its alerts include the week-over-week regressions), the
 * trend when one was asked for (else empty), and notes a reader must see next to the figures
 * (for instance that only the local journal could be read).
 */
public record StartupAnalysis(AnalysisReport report, TrendUnit trendUnit, List<TrendBucket> trend, List<String> notes) {
    public StartupAnalysis {
        trend = List.copyOf(trend);
        notes = List.copyOf(notes);
    }

    public StartupAnalysis withNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new StartupAnalysis(report, trendUnit, trend, all);
    }
}
