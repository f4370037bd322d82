package dev.fleetdeck.startup;

import dev.fleetdeck.startup.AnalysisReport.AgentStats;
import dev.fleetdeck.startup.AnalysisReport.Bottlenecks;
import dev.fleetdeck.startup.AnalysisReport.GroupAverage;
import dev.fleetdeck.startup.AnalysisReport.PhaseStats;
import dev.fleetdeck.startup.AnalysisReport.Status;
import dev.fleetdeck.startup.AnalysisReport.TypeStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Analysis fed one launch at a time, keeping sums and primitive totals only — never the records —
 * so a million launches fit in a few tens of MB. {@link #report()} may be called at any point and
 * again later (a view refreshing while a journal loads). Not thread-safe: feed and report from one
 * thread, or guard it.
 */
public final class StartupAccumulator implements MergeableSink<StartupAccumulator> {
    static final String UNKNOWN_TYPE = "(unknown)";
    private static final int TOP = 5;

    private final AnalysisOptions options;
    private final Clock clock;
    private final Instant now;
    private final Instant since;
    private final StartupAdvisor advisor;
    private final LaunchTally all;
    private final Map<String, LaunchTally> types = new HashMap<>();
    private final Map<String, LaunchTally> agents = new HashMap<>();
    private long excluded;
    private long staged;

    StartupAccumulator(AnalysisOptions options, Clock clock, StartupAdvisor advisor) {
        this(options, clock, advisor, clock.instant());
    }

    private StartupAccumulator(AnalysisOptions options, Clock clock, StartupAdvisor advisor, Instant now) {
        this.options = options;
        this.clock = clock;
        this.advisor = advisor;
        this.now = now;
        this.since = now.minus(Duration.ofDays(options.windowDays()));
        this.all = new LaunchTally("all", options.globalTargetMs(), true);
    }

    /** The window's start: launches before it are excluded. */
    public Instant since() {
        return since;
    }

    /** The window's end, fixed when the accumulator was made. */
    public Instant now() {
        return now;
    }

    public AnalysisOptions options() {
        return options;
    }

    /** An empty accumulator over the same window (the same "now"), options and advice: one to merge back. */
    @Override
    public StartupAccumulator emptyCopy() {
        return new StartupAccumulator(options, clock, advisor, now);
    }

    /**
     * Adds what another accumulator over the same window and options counted, as if its launches
     * had been fed here: counts, maxima and percentiles (the totals are concatenated) are exact.
     * Sums are exact while they stay under 2<sup>53</sup> ms (285 000 years of launches), which
     * {@link #mergesExactly} checks; past that a merge may round differently from a single feed.
     *
     * @throws IllegalArgumentException if the other has another window or other options
     */
    @Override
    public void merge(StartupAccumulator other) {
        if (other == this || !other.now.equals(now) || !other.options.equals(options)) {
            throw new IllegalArgumentException("can only merge an accumulator over the same window and options");
        }
        all.merge(other.all);
        mergeGroups(types, other.types);
        mergeGroups(agents, other.agents);
        excluded += other.excluded;
        staged += other.staged;
    }

    /** Whether {@link #merge} would give exactly the figures of feeding both accumulators' launches here. */
    @Override
    public boolean mergesExactly(StartupAccumulator other) {
        return all.mergesExactly(other.all)
                && groupsMergeExactly(types, other.types)
                && groupsMergeExactly(agents, other.agents);
    }

    private static void mergeGroups(Map<String, LaunchTally> into, Map<String, LaunchTally> from) {
        for (LaunchTally t : from.values()) {
            // A copy, not the other's tally: the other stays the caller's, to feed or report on.
            into.computeIfAbsent(t.name, n -> new LaunchTally(n, t.targetMs, t.totals != null))
                    .merge(t);
        }
    }

    private static boolean groupsMergeExactly(Map<String, LaunchTally> into, Map<String, LaunchTally> from) {
        for (LaunchTally t : from.values()) {
            LaunchTally mine = into.get(t.name);
            // A group only the other has is taken over as it was summed: nothing is added in another order.
            if (mine != null && !mine.mergesExactly(t)) {
                return false;
            }
        }
        return true;
    }

    /** Counts a launch if it is in the window and of the type asked for; otherwise counts it as excluded. */
    @Override
    public void accept(StartupRecord r) {
        StartupRecord.Performance p = r == null ? null : r.performance();
        if (p == null
                || p.provisioningStartedAt() == null
                || p.provisioningStartedAt().isBefore(since)
                || !options.includesType(r.workspaceType())) {
            excluded++;
            return;
        }
        boolean ready = r.ready();
        if (ready && r.staged()) {
            staged++;
        }
        long global = options.globalTargetMs();
        all.add(p, ready, global);
        String type = r.workspaceType() == null ? UNKNOWN_TYPE : r.workspaceType();
        types.computeIfAbsent(type, t -> new LaunchTally(t, options.targetMsFor(t), true))
                .add(p, ready, global);
        String agent = r.agent() == null || r.agent().isBlank() ? AgentStats.UNPLACED : r.agent();
        agents.computeIfAbsent(agent, a -> new LaunchTally(a, global, false)).add(p, ready, global);
    }

    /** The startup times of the successful launches counted (window and type), for a histogram; a copy. */
    public long[] successfulTotalsMs() {
        return all.totals.toArray();
    }

    public AnalysisReport report() {
        Status status = all.count == 0 ? Status.EMPTY : all.successful == 0 ? Status.NO_SUCCESSFUL : Status.OK;
        List<PhaseStats> phases = phases();
        List<TypeStats> byType = types.values().stream()
                .sorted(Comparator.comparing(t -> t.name))
                .map(t -> new TypeStats(
                        t.name,
                        t.count,
                        t.successful,
                        t.failures(),
                        t.failureRate(),
                        t.avgMs(),
                        t.percentile(50),
                        t.percentile(95),
                        t.percentile(99),
                        t.targetMs,
                        t.withinTargetPct(),
                        t.withinGlobalTargetPct()))
                .toList();
        List<AgentStats> byAgent = agents.values().stream()
                .sorted(Comparator.comparing(a -> a.name))
                .map(a -> new AgentStats(
                        a.name,
                        a.count,
                        a.successful,
                        a.failures(),
                        a.failureRate(),
                        a.avgMs(),
                        a.phaseAvgMs(Phase.SESSION_CREATE),
                        phaseAverages(a)))
                .toList();
        AnalysisReport report = new AnalysisReport(
                new AnalysisReport.Window(since, now, options.windowDays(), options.workspaceType()),
                clock.instant(),
                status,
                all.count,
                all.successful,
                all.failures(),
                excluded,
                staged,
                all.failureRate(),
                all.avgMs(),
                all.percentile(50),
                all.percentile(95),
                all.percentile(99),
                options.globalTargetMs(),
                all.withinGlobalTargetPct(),
                phases,
                bottlenecks(phases),
                byType,
                byAgent,
                List.of(),
                List.of());
        return report.withAdvice(advisor.alerts(report), advisor.recommendations(report));
    }

    private List<PhaseStats> phases() {
        double summed = 0;
        for (double s : all.phaseSums) {
            summed += s;
        }
        List<PhaseStats> out = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            double total = all.phaseSums[phase.ordinal()];
            out.add(new PhaseStats(
                    phase,
                    total,
                    all.phaseAvgMs(phase),
                    all.phaseMax[phase.ordinal()],
                    summed == 0 ? 0 : 100.0 * total / summed));
        }
        return out;
    }

    private static List<Double> phaseAverages(LaunchTally t) {
        List<Double> out = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            out.add(t.phaseAvgMs(phase));
        }
        return out;
    }

    private Bottlenecks bottlenecks(List<PhaseStats> phases) {
        // A stable sort keeps equal phases in pipeline order.
        List<PhaseStats> byCost = phases.stream()
                .filter(p -> p.totalMs() > 0)
                .sorted(Comparator.comparingDouble(PhaseStats::totalMs).reversed())
                .toList();
        return new Bottlenecks(byCost, slowest(agents), slowest(types));
    }

    private static List<GroupAverage> slowest(Map<String, LaunchTally> groups) {
        return groups.values().stream()
                .filter(g -> g.successful > 0)
                .sorted(Comparator.comparingDouble(LaunchTally::avgMs)
                        .reversed()
                        .thenComparing(g -> g.name))
                .limit(TOP)
                .map(g -> new GroupAverage(g.name, g.avgMs(), g.successful))
                .toList();
    }
}
