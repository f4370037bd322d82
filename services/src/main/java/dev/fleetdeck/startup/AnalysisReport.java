package dev.fleetdeck.startup;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the startup analyzer found over one window. Every figure is a number, never NaN or null:
 * <ul>
 *   <li>timings (average, median, P95, P99, phases, within-target %) are over successful launches
 *       ({@code outcome = ready}); a failed launch stopped part-way, so its phases say little;</li>
 *   <li>with no launches in the window ({@link Status#EMPTY}) every figure is 0;</li>
 *   <li>with launches but none successful ({@link Status#NO_SUCCESSFUL}) the timings are 0 and
 *       only counts and failure rates mean something;</li>
 *   <li>"within target" means strictly under: a launch of exactly 60 000 ms missed 60 s.</li>
 * </ul>
 *
 * @param count    launches in the window (and of the type, if one was asked for)
 * @param excluded records seen but left out: outside the window, another type, or no start time
 * @param staged   successful launches served by a staged session (a claim, no creation): they
 *                 pull the averages down, so a reader must know how many there were
 */
public record AnalysisReport(
        Window window,
        Instant generatedAt,
        Status status,
        long count,
        long successful,
        long failures,
        long excluded,
        long staged,
        double failureRate,
        double avgMs,
        double medianMs,
        double p95Ms,
        double p99Ms,
        long targetMs,
        double withinTargetPct,
        List<PhaseStats> phases,
        Bottlenecks bottlenecks,
        List<TypeStats> byType,
        List<AgentStats> byAgent,
        List<Alert> alerts,
        List<String> recommendations) {

    public AnalysisReport {
        phases = List.copyOf(phases);
        byType = List.copyOf(byType);
        byAgent = List.copyOf(byAgent);
        alerts = List.copyOf(alerts);
        recommendations = List.copyOf(recommendations);
    }

    /** The same figures with these alerts and recommendations. */
    public AnalysisReport withAdvice(List<Alert> newAlerts, List<String> newRecommendations) {
        return new AnalysisReport(
                window,
                generatedAt,
                status,
                count,
                successful,
                failures,
                excluded,
                staged,
                failureRate,
                avgMs,
                medianMs,
                p95Ms,
                p99Ms,
                targetMs,
                withinTargetPct,
                phases,
                bottlenecks,
                byType,
                byAgent,
                newAlerts,
                newRecommendations);
    }

    /** Staged launches as a share of successful ones, 0..100. */
    public double stagedPct() {
        return successful == 0 ? 0 : 100.0 * staged / successful;
    }

    public PhaseStats phase(Phase phase) {
        return phases.get(phase.ordinal());
    }

    public Optional<TypeStats> type(String name) {
        return byType.stream().filter(t -> t.type().equals(name)).findFirst();
    }

    public Optional<AgentStats> agent(String name) {
        return byAgent.stream().filter(a -> a.agent().equals(name)).findFirst();
    }

    /** Whether the timing figures mean anything. */
    public enum Status {
        OK(""),
        EMPTY("no launches in window"),
        NO_SUCCESSFUL("no successful launches in window: timings are 0");

        private final String note;

        Status(String note) {
            this.note = note;
        }

        /** What a reader should be told, empty when the figures speak for themselves. */
        public String note() {
            return note;
        }

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The launches analyzed: started at or after {@code from}. Later stamps than {@code to} are
     * kept — a journal only holds launches that happened, so a later stamp is clock skew.
     *
     * @param workspaceType the type asked for, or null for all
     */
    public record Window(Instant from, Instant to, int days, String workspaceType) {}

    /**
     * One phase over successful launches.
     *
     * @param sharePct this phase's part of the summed time of all phases (0..100)
     */
    public record PhaseStats(Phase phase, double totalMs, double avgMs, long maxMs, double sharePct) {}

    /** A group's average over its successful launches. */
    public record GroupAverage(String name, double avgMs, long successful) {}

    /**
     * Where the time goes: phases from most to least total time (ties in pipeline order), and the
     * slowest agents and types by average (ties by name), at most five each.
     */
    public record Bottlenecks(
            List<PhaseStats> phasesByCost, List<GroupAverage> slowestAgents, List<GroupAverage> slowestTypes) {
        public Bottlenecks {
            phasesByCost = List.copyOf(phasesByCost);
            slowestAgents = List.copyOf(slowestAgents);
            slowestTypes = List.copyOf(slowestTypes);
        }
    }

    /** One workspace type. Timings over its successful launches; failure rate over all of them. */
    public record TypeStats(
            String type,
            long count,
            long successful,
            long failures,
            double failureRate,
            double avgMs,
            double medianMs,
            double p95Ms,
            double p99Ms,
            long targetMs,
            double withinTypeTargetPct,
            double withinTargetPct) {}

    /**
     * One agent. Launches that failed before placement have no agent and are grouped under
     * {@link #UNPLACED}.
     *
     * @param phaseAvgMs average of each phase over successful launches, in {@link Phase} order
     */
    public record AgentStats(
            String agent,
            long count,
            long successful,
            long failures,
            double failureRate,
            double avgMs,
            double avgSessionCreateMs,
            List<Double> phaseAvgMs) {
        public static final String UNPLACED = "(unplaced)";

        public AgentStats {
            phaseAvgMs = List.copyOf(phaseAvgMs);
        }
    }

    public record Alert(Level level, String message) {
        public enum Level {
            WARNING,
            CRITICAL;

            public String json() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }
}
