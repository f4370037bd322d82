package dev.fleetdeck.progress;

import java.time.Duration;
import java.util.Locale;

/** A piece of work's figures in words, as the window's task list shows them: "12/40 launches · 3.2/s · 0:05 left". */
public final class ProgressText {
    private ProgressText() {}

    public static String figures(ProgressSnapshot s) {
        boolean bytes = "B".equals(s.unit());
        String done = bytes ? mib(s.done()) : Long.toString(s.done());
        String total = s.total() <= 0 ? "?" : bytes ? mib(s.total()) : Long.toString(s.total());
        StringBuilder out = new StringBuilder(done + "/" + total + (bytes ? " MiB" : " " + s.unit()));
        if (s.ratePerSecond() > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    " · %.1f%s/s",
                    bytes ? s.ratePerSecond() / (1 << 20) : s.ratePerSecond(),
                    bytes ? " MiB" : ""));
        }
        s.remaining().ifPresent(left -> out.append(" · ").append(clock(left)).append(s.finished() ? "" : " left"));
        if (s.cancelled()) {
            out.append(" · cancelling");
        }
        return out.toString();
    }

    static String clock(Duration d) {
        long h = d.toHours();
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%d:%02d", d.toMinutesPart(), d.toSecondsPart());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
