package dev.fleetdeck.startup;

import dev.fleetdeck.startup.AnalysisReport.AgentStats;
import dev.fleetdeck.startup.AnalysisReport.Alert;
import dev.fleetdeck.startup.AnalysisReport.PhaseStats;
import dev.fleetdeck.startup.AnalysisReport.Status;
import dev.fleetdeck.startup.AnalysisReport.TypeStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Alerts and recommendations from a report's figures. Each rule reads only figures the report
 * shows, so an operator can see why a line appeared; on healthy figures it says nothing.
 */
public final class StartupAdvisor {
    /** The startup guide's upper bound for a quota check; above it the cache is not doing its job. */
    public static final double QUOTA_CHECK_SLOW_MS = 500;
    /** An agent this many times the fleet's session creation average has a local problem (images, disk). */
    public static final double AGENT_SLOW_FACTOR = 1.5;
    /** Below this share of launches within its target, a type wants pre-warmed sessions. */
    public static final double TYPE_LOW_WITHIN_TARGET_PCT = 80;
    /** An agent failing this many times the fleet's rate, and over the critical rate, is itself the fault. */
    public static final double AGENT_FAILURE_FACTOR = 2;

    private final AnalysisOptions options;

    public StartupAdvisor(AnalysisOptions options) {
        this.options = options;
    }

    /** A warning when the average is over the warning threshold, critical when the failure rate is over its threshold. */
    public List<Alert> alerts(AnalysisReport r) {
        List<Alert> out = new ArrayList<>();
        if (r.avgMs() > options.avgWarningMs()) {
            out.add(new Alert(
                    Alert.Level.WARNING,
                    String.format(Locale.ROOT, "average startup %s is over %s", seconds(r.avgMs()), seconds((double)
                            options.avgWarningMs()))));
        }
        if (r.failureRate() > options.failureRateCritical()) {
            out.add(new Alert(
                    Alert.Level.CRITICAL,
                    String.format(
                            Locale.ROOT,
                            "failure rate %s (%d of %d launches) is over %s",
                            pct(100 * r.failureRate()),
                            r.failures(),
                            r.count(),
                            pct(100 * options.failureRateCritical()))));
        }
        return out;
    }

    public List<String> recommendations(AnalysisReport r) {
        List<String> out = new ArrayList<>();
        if (r.status() == Status.EMPTY) {
            return out;
        }
        int min = options.minLaunchesForAdvice();
        PhaseStats quota = r.phase(Phase.QUOTA_CHECK);
        if (quota.avgMs() > QUOTA_CHECK_SLOW_MS) {
            out.add(String.format(
                    Locale.ROOT,
                    "quota check averages %.0f ms (over %.0f ms): the quota cache is not"
                            + " effective; check its hit rate and index the active-sessions query",
                    quota.avgMs(),
                    QUOTA_CHECK_SLOW_MS));
        }
        double fleetCreate = r.phase(Phase.SESSION_CREATE).avgMs();
        for (AgentStats a : r.byAgent()) {
            if (!a.agent().equals(AgentStats.UNPLACED)
                    && a.successful() >= min
                    && fleetCreate > 0
                    && a.avgSessionCreateMs() > AGENT_SLOW_FACTOR * fleetCreate) {
                out.add(String.format(
                        Locale.ROOT,
                        "session creation on %s averages %s, %.1f× the fleet's %s:"
                                + " pre-pull images on %s (fleetdeck images shows what it lacks; fleetdeck images distribute fills it"
                                + " from the registry or a peer) and check its disk and Docker daemon",
                        a.agent(),
                        seconds(a.avgSessionCreateMs()),
                        a.avgSessionCreateMs() / fleetCreate,
                        seconds(fleetCreate),
                        a.agent()));
            }
        }
        for (TypeStats t : r.byType()) {
            if (t.successful() >= min
                    && (t.avgMs() > t.targetMs() || t.withinTypeTargetPct() < TYPE_LOW_WITHIN_TARGET_PCT)) {
                out.add(String.format(
                        Locale.ROOT,
                        "%s averages %s against a %s target (%s within target):"
                                + " keep a staging pool (pre-warmed sessions) for %s (fleetdeck pool fill --type %s --size N)",
                        t.type(),
                        seconds(t.avgMs()),
                        seconds((double) t.targetMs()),
                        pct(t.withinTypeTargetPct()),
                        t.type(),
                        t.type()));
            }
        }
        PhaseStats largest = r.phases().stream()
                .max(Comparator.comparingDouble(PhaseStats::totalMs))
                .orElseThrow();
        if (largest.totalMs() > 0 && largest.phase() == Phase.MONITORING) {
            out.add(String.format(
                    Locale.ROOT,
                    "monitoring is the largest phase (%s of phase time, %s on average):"
                            + " use Docker events instead of polling and check readiness probes",
                    pct(largest.sharePct()),
                    seconds(largest.avgMs())));
        }
        if (largest.totalMs() > 0 && largest.phase() == Phase.SESSION_CREATE && r.avgMs() > options.globalTargetMs()) {
            out.add(String.format(
                    Locale.ROOT,
                    "session creation is the largest phase (%s of phase time) and launches"
                            + " average %s: pre-pull images on every agent (settings: prePull, or fleetdeck images distribute) and add"
                            + " agents to spread the load",
                    pct(largest.sharePct()),
                    seconds(r.avgMs())));
        }
        if (r.failureRate() > options.failureRateCritical()) {
            out.add(String.format(
                    Locale.ROOT,
                    "%s of launches fail: check image pulls, agent resources and API rate"
                            + " limits; retry placement with backoff",
                    pct(100 * r.failureRate())));
        }
        for (AgentStats a : r.byAgent()) {
            if (!a.agent().equals(AgentStats.UNPLACED)
                    && a.count() >= min
                    && a.failureRate() > options.failureRateCritical()
                    && a.failureRate() >= AGENT_FAILURE_FACTOR * r.failureRate()) {
                out.add(String.format(
                        Locale.ROOT,
                        "%s fails %s of its launches (fleet %s): check its Docker daemon"
                                + " and free disk, or drain it",
                        a.agent(),
                        pct(100 * a.failureRate()),
                        pct(100 * r.failureRate())));
            }
        }
        return out;
    }

    static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    static String pct(double pct) {
        return String.format(Locale.ROOT, "%.1f %%", pct);
    }
}
