package dev.fleetdeck.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Order statistics of a small sample of timings. */
final class Stats {
    private final double[] sorted;

    Stats(List<Double> values) {
        sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    Stats(double[] values) {
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    int n() {
        return sorted.length;
    }

    double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    /** Nearest-rank percentile, p in 0..100. */
    double p(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double median() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** "median (min–max)" with the given format for each figure. */
    String summary(String fmt) {
        return String.format(Locale.ROOT, fmt + " (" + fmt + "–" + fmt + ")", median(), min(), max());
    }
}
