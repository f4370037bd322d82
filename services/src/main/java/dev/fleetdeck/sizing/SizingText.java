package dev.fleetdeck.sizing;

import dev.fleetdeck.config.ByteSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The advisor's report in words: {@code fleetdeck sizing} prints it, the Sizing page shows the same lines. */
public final class SizingText {
    private SizingText() {}

    /** "Sizing over the last 7 days (…; 6 d 23 h observed), RAM warning at 85 %". */
    public static String heading(SizingReport r) {
        return String.format(
                Locale.ROOT,
                "Sizing over the last %d days (%s; %s observed), RAM warning at %.0f %%",
                r.window().toDays(),
                r.source(),
                SizingAdvisor.words(r.observed()),
                r.ramWarnPercent());
    }

    /** The agent's title line: its name, and the warning when it came near full. */
    public static String title(AgentAdvice a) {
        return a.nearFull() ? "! " + a.agent() + " — " + a.warning() : a.agent();
    }

    /** The agent's figures, recommendation and per-type lines, without its title. */
    public static List<String> body(AgentAdvice a) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "%s RAM peak %s, P95 %s of %s · CPU peak %s, P95 %s of %s · peak sessions %s",
                a.hostFigures() ? "host" : "containers'",
                pct(a.ramPeakPercent()),
                pct(a.ramP95Percent()),
                a.ramTotalBytes() > 0 ? new ByteSize(a.ramTotalBytes()).toHuman() : "? RAM",
                pct(a.cpuPeakPercent()),
                pct(a.cpuP95Percent()),
                a.cpus() > 0 ? a.cpus() + " CPUs" : "? CPUs",
                a.peakSessions() < 0 ? "not recorded" : Integer.toString(a.peakSessions())));
        lines.add("recommended: " + ram(a) + ", " + cpu(a));
        for (TypeAdvice t : a.types()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "  %s: %s %s and %.2f cores per session · %d today, %s%d",
                    t.type(),
                    t.observed() ? "seen using" : "declared",
                    new ByteSize(t.ramPerSession()).toHuman(),
                    t.cpuPerSession(),
                    t.sessionsToday(),
                    t.moreSessions() >= 0 ? "+" : "",
                    t.moreSessions()));
        }
        return lines;
    }

    /** The whole report, as the command prints it. */
    public static List<String> lines(SizingReport r) {
        List<String> lines = new ArrayList<>();
        lines.add(heading(r));
        for (AgentAdvice a : r.agents()) {
            lines.add("");
            lines.add(title(a));
            body(a).forEach(l -> lines.add("  " + l));
        }
        lines.add("");
        lines.add("How these numbers were got:");
        r.method().forEach(l -> lines.add("  - " + l));
        if (!r.notes().isEmpty()) {
            lines.add("Notes:");
            r.notes().forEach(l -> lines.add("  - " + l));
        }
        return lines;
    }

    private static String ram(AgentAdvice a) {
        String today = a.currentRamOverride() > 0 ? new ByteSize(a.currentRamOverride()).toExactText() : "none";
        if (a.ramOverride() == 0) {
            return "ramOverride unchanged (" + today + ")";
        }
        return "ramOverride: " + new ByteSize(a.ramOverride()).toExactText() + " (today " + today + ")";
    }

    private static String cpu(AgentAdvice a) {
        String today = a.currentCpuOverride() > 0 ? String.format(Locale.ROOT, "%.0f", a.currentCpuOverride()) : "none";
        if (a.cpuOverride() == 0) {
            return "cpuOverride unchanged (" + today + ")";
        }
        return String.format(Locale.ROOT, "cpuOverride: %.0f (today %s)", a.cpuOverride(), today);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%.1f %%", v);
    }
}
