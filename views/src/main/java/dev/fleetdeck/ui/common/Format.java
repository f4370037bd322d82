package dev.fleetdeck.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How numbers read on screen: short, same units everywhere. */
public final class Format {
    private Format() {}

    public static String bytes(long bytes) {
        double v = bytes;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    /**
     * "16/64 GiB": a part and its whole in the whole's unit, whole numbers where they are whole
     * (the compact form of "16.0 GiB/64.0 GiB" for narrow columns).
     */
    public static String bytesOf(long part, long whole) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double p = part;
        double w = whole;
        int u = 0;
        while (Math.abs(w) >= 1024 && u < units.length - 1) {
            p /= 1024;
            w /= 1024;
            u++;
        }
        return compact(p) + "/" + compact(w) + " " + units[u];
    }

    private static String compact(double v) {
        return v == Math.rint(v) || v >= 100
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    public static String cores(double cores) {
        return cores == Math.rint(cores)
                ? String.format(Locale.ROOT, "%.0f", cores)
                : String.format(Locale.ROOT, "%.1f", cores);
    }

    public static String percent(double p) {
        return String.format(Locale.ROOT, "%.0f %%", p);
    }

    public static String age(Instant since, Instant now) {
        if (since == null) {
            return "—";
        }
        long s = Math.max(0, Duration.between(since, now).toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }

    public static String millis(Duration d) {
        return d == null ? "—" : d.toMillis() + " ms";
    }
}
