package dev.fleetdeck.startup;

import dev.fleetdeck.startup.StartupRecord.Performance;
import dev.fleetdeck.startup.StartupRecord.PlacementAttempt;
import java.util.Locale;

/**
 * One launch's timeline as text, what the Launches page draws: each phase from its start to its
 * end, the placement attempts (a failover shows as a failed attempt and the next), the status
 * checks. Offsets are from provisioning start.
 */
public final class TimelineText {
    public String render(StartupRecord r) {
        Performance p = r.performance();
        StringBuilder out = new StringBuilder(512);
        line(
                out,
                "session %s  %s  user %s  agent %s  %s  %s  started %s%s",
                r.sessionId(),
                r.workspaceType(),
                r.user(),
                r.agent() == null ? "-" : r.agent(),
                r.outcome().json(),
                sec((double) p.totalStartupTimeMs()),
                p.provisioningStartedAt(),
                r.staged() ? "  staged" : "");
        if (r.error() != null) {
            line(out, "  error: %s", r.error());
        }
        long at = 0;
        for (Phase phase : Phase.values()) {
            long d = phase.durationOf(p);
            line(out, "  %-17s %9s → %9s  (%s)", phase.label(), sec((double) at), sec((double) (at + d)), sec((double)
                    d));
            at += d;
        }
        for (PlacementAttempt a : r.attempts()) {
            line(
                    out,
                    "  attempt on %-12s %9s → %9s  %s%s",
                    a.agent(),
                    sec((double) a.startOffsetMs()),
                    sec((double) (a.startOffsetMs() + a.durationMs())),
                    a.outcome(),
                    a.error() == null ? "" : ": " + a.error());
        }
        StringBuilder checks = new StringBuilder();
        for (long o : p.statusCheckOffsetsMs()) {
            checks.append(checks.length() == 0 ? "" : ", ").append(sec((double) o));
        }
        line(
                out,
                "  status checks: %d (average %s)%s, ready noticed by %s",
                p.statusCheckAttempts(),
                sec((double) p.averageStatusCheckDurationMs()),
                checks.length() == 0 ? "" : " at " + checks,
                p.readinessSource() == null ? "-" : p.readinessSource());
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String sec(double ms) {
        return StartupAdvisor.seconds(ms);
    }
}
