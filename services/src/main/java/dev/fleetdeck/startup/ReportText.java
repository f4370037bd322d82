package dev.fleetdeck.startup;

import dev.fleetdeck.startup.AnalysisReport.AgentStats;
import dev.fleetdeck.startup.AnalysisReport.Alert;
import dev.fleetdeck.startup.AnalysisReport.GroupAverage;
import dev.fleetdeck.startup.AnalysisReport.PhaseStats;
import dev.fleetdeck.startup.AnalysisReport.TypeStats;
import java.util.List;
import java.util.Locale;

/**
 * A report as text for a terminal: summary, percentiles, phases with share bars, per type table,
 * alerts, recommendations; {@code verbose} adds phase detail, bottlenecks and a per agent table.
 * Plain ASCII bars ({@code #} and {@code .}) so it reads the same in any terminal or log.
 */
public final class ReportText {
    static final int BAR_WIDTH = 30;

    /** The report, its notes first (what it may be missing) and its trend last, when one was asked for. */
    public String render(StartupAnalysis a, boolean verbose) {
        StringBuilder out = new StringBuilder(4096);
        for (String n : a.notes()) {
            line(out, "note: %s", n);
        }
        out.append(render(a.report(), verbose));
        if (a.trendUnit() != null) {
            section(
                    out,
                    "Trend (per UTC " + a.trendUnit().key() + ", successful launches; target "
                            + sec((double) a.report().targetMs()) + ")");
            line(
                    out,
                    "  %-20s %9s %8s %9s %9s %8s  %s",
                    "start",
                    "launches",
                    "failed",
                    "median",
                    "P95",
                    "within",
                    "P95 against the target");
            double most = Math.max(
                    (double) a.report().targetMs(),
                    a.trend().stream().mapToDouble(TrendBucket::p95Ms).max().orElse(0));
            for (TrendBucket b : a.trend()) {
                line(
                        out,
                        "  %-20s %,9d %8s %9s %9s %8s  %s",
                        b.start(),
                        b.launches(),
                        b.launches() == 0 ? "-" : pct(100 * b.failureRate()),
                        b.launches() == b.failures() ? "-" : sec(b.medianMs()),
                        b.launches() == b.failures() ? "-" : sec(b.p95Ms()),
                        b.launches() == b.failures() ? "-" : pct(b.withinTargetPct()),
                        bar(100 * b.p95Ms() / most));
            }
        }
        return out.toString();
    }

    public String render(AnalysisReport r, boolean verbose) {
        StringBuilder out = new StringBuilder(2048);
        var w = r.window();
        line(
                out,
                "Startup analysis: last %d day%s (%s to %s), %s",
                w.days(),
                w.days() == 1 ? "" : "s",
                w.from(),
                w.to(),
                w.workspaceType() == null ? "all types" : "type " + w.workspaceType());
        if (!r.status().note().isEmpty()) {
            line(out, "** %s **", r.status().note());
        }

        section(out, "Summary");
        line(out, "  launches      %,10d   (%,d outside the window or type)", r.count(), r.excluded());
        line(out, "  successful    %,10d", r.successful());
        if (r.staged() > 0) {
            line(
                    out,
                    "  staged        %,10d   (%s of successful: served from a pool, no creation)",
                    r.staged(),
                    pct(r.stagedPct()));
        }
        line(out, "  failed        %,10d   (%s)", r.failures(), pct(100 * r.failureRate()));
        line(out, "  average       %10s", sec(r.avgMs()));
        line(out, "  within %-6s %10s", sec((double) r.targetMs()).replace(".0 ", " "), pct(r.withinTargetPct()));

        section(out, "Percentiles (successful launches)");
        line(out, "  median  %10s", sec(r.medianMs()));
        line(out, "  P95     %10s", sec(r.p95Ms()));
        line(out, "  P99     %10s", sec(r.p99Ms()));

        section(out, "Phases (average, share of phase time)");
        for (PhaseStats p : r.phases()) {
            line(out, "  %-17s %9s %7s  %s", p.phase().label(), sec(p.avgMs()), pct(p.sharePct()), bar(p.sharePct()));
        }
        if (verbose) {
            line(out, "");
            line(out, "  %-17s %12s %9s %9s", "phase", "total", "average", "max");
            for (PhaseStats p : r.phases()) {
                line(out, "  %-17s %12s %9s %9s", p.phase().label(), sec(p.totalMs()), sec(p.avgMs()), sec((double)
                        p.maxMs()));
            }
            line(
                    out,
                    "  costliest first: %s",
                    String.join(
                            ", ",
                            r.bottlenecks().phasesByCost().stream()
                                    .map(p -> p.phase().label())
                                    .toList()));
            line(out, "  slowest agents:  %s", groups(r.bottlenecks().slowestAgents()));
            line(out, "  slowest types:   %s", groups(r.bottlenecks().slowestTypes()));
        }

        section(out, "Per type");
        if (r.byType().isEmpty()) {
            line(out, "  none");
        } else {
            line(
                    out,
                    "  %-12s %9s %9s %9s %9s %8s %8s %8s",
                    "type",
                    "launches",
                    "average",
                    "median",
                    "P95",
                    "target",
                    "within",
                    "failed");
            for (TypeStats t : r.byType()) {
                line(
                        out,
                        "  %-12s %,9d %9s %9s %9s %8s %8s %8s",
                        t.type(),
                        t.count(),
                        sec(t.avgMs()),
                        sec(t.medianMs()),
                        sec(t.p95Ms()),
                        sec((double) t.targetMs()),
                        pct(t.withinTypeTargetPct()),
                        pct(100 * t.failureRate()));
            }
        }

        if (verbose) {
            section(out, "Per agent (phase averages over successful launches)");
            if (r.byAgent().isEmpty()) {
                line(out, "  none");
            } else {
                line(
                        out,
                        "  %-14s %9s %9s %8s %9s %9s %9s %8s",
                        "agent",
                        "launches",
                        "average",
                        "quota",
                        "placement",
                        "create",
                        "monitor",
                        "failed");
                for (AgentStats a : r.byAgent()) {
                    List<Double> ph = a.phaseAvgMs();
                    line(
                            out,
                            "  %-14s %,9d %9s %8s %9s %9s %9s %8s",
                            a.agent(),
                            a.count(),
                            sec(a.avgMs()),
                            sec(ph.get(0)),
                            sec(ph.get(1)),
                            sec(ph.get(2)),
                            sec(ph.get(3)),
                            pct(100 * a.failureRate()));
                }
            }
        }

        section(out, "Alerts");
        if (r.alerts().isEmpty()) {
            line(out, "  none");
        }
        for (Alert a : r.alerts()) {
            line(out, "  [%s] %s", a.level().name(), a.message());
        }

        section(out, "Recommendations");
        if (r.recommendations().isEmpty()) {
            line(out, "  none");
        }
        for (String s : r.recommendations()) {
            line(out, "  - %s", s);
        }
        return out.toString();
    }

    /** A bar of {@link #BAR_WIDTH} characters, filled in proportion to the share. */
    static String bar(double sharePct) {
        int filled = (int) Math.round(Math.max(0, Math.min(100, sharePct)) / 100 * BAR_WIDTH);
        return "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    }

    private static String groups(List<GroupAverage> groups) {
        return groups.isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        groups.stream()
                                .map(g -> g.name() + " " + sec(g.avgMs()))
                                .toList());
    }

    private static void section(StringBuilder out, String title) {
        out.append('\n').append(title).append('\n');
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String sec(double ms) {
        return StartupAdvisor.seconds(ms);
    }

    private static String pct(double pct) {
        return StartupAdvisor.pct(pct);
    }
}
