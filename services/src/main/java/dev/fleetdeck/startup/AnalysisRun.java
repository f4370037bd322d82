package dev.fleetdeck.startup;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one analysis counts, fed record by record: the report's accumulator, the trend (when
 * asked for) and the week-over-week check, over the launches of one agent or all. The command line
 * feeds it a whole store or file once; the window keeps one and feeds it each launch as it lands,
 * so the figures are the same either way ({@link #result()} may be called at any point).
 * Not thread-safe: feed and read from one thread, or guard it.
 */
public final class AnalysisRun implements MergeableSink<AnalysisRun> {
    private final StartupAccumulator report;
    private final StartupTrend trend;
    private final WeekOverWeek weeks;
    private final String agent;

    /**
     * @param trend null for no trend
     * @param agent only this agent's launches (ignoring case), or null for all
     */
    public AnalysisRun(StartupAccumulator report, StartupTrend trend, WeekOverWeek weeks, String agent) {
        this.report = report;
        this.trend = trend;
        this.weeks = weeks;
        this.agent = agent == null || agent.isBlank() ? null : agent.trim();
    }

    /** A run over the accumulator's window: a trend of this unit (or none), the weeks before its end. */
    public static AnalysisRun over(StartupAccumulator report, TrendUnit unit, String agent) {
        AnalysisOptions o = report.options();
        StartupTrend trend =
                unit == null ? null : new StartupTrend(unit, report.since(), report.now(), o.globalTargetMs());
        return new AnalysisRun(report, trend, new WeekOverWeek(report.now(), o.minLaunchesForAdvice()), agent);
    }

    @Override
    public void accept(StartupRecord r) {
        if (agent != null && !agent.equalsIgnoreCase(r.agent())) {
            return;
        }
        report.accept(r);
        if (r.performance() == null || !report.options().includesType(r.workspaceType())) {
            return;
        }
        if (trend != null) {
            trend.accept(r);
        }
        weeks.accept(r);
    }

    @Override
    public AnalysisRun emptyCopy() {
        return new AnalysisRun(report.emptyCopy(), trend == null ? null : trend.emptyCopy(), weeks.emptyCopy(), agent);
    }

    @Override
    public boolean mergesExactly(AnalysisRun other) {
        return report.mergesExactly(other.report);
    }

    @Override
    public void merge(AnalysisRun other) {
        report.merge(other.report);
        if (trend != null) {
            trend.merge(other.trend);
        }
        weeks.merge(other.weeks);
    }

    /** The successful startup times the report counted, for a histogram; a copy. */
    public long[] successfulTotalsMs() {
        return report.successfulTotalsMs();
    }

    public String agent() {
        return agent;
    }

    public StartupAnalysis result() {
        AnalysisReport r = report.report();
        List<AnalysisReport.Alert> alerts = new ArrayList<>(r.alerts());
        alerts.addAll(weeks.alerts());
        r = r.withAdvice(alerts, r.recommendations());
        return new StartupAnalysis(
                r, trend == null ? null : trend.unit(), trend == null ? List.of() : trend.buckets(), List.of());
    }
}
