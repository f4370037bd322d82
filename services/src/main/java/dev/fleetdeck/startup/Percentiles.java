package dev.fleetdeck.startup;

import java.util.Arrays;

/**
 * Exact percentiles by linear interpolation between closest ranks: rank = p/100 × (n − 1), then
 * the value between the sorted values at floor(rank) and ceil(rank). This is numpy's default and
 * Excel's PERCENTILE.INC, so an operator can check our figures in a spreadsheet.
 */
public final class Percentiles {
    private Percentiles() {}

    /** The p-th percentile (0 ≤ p ≤ 100) of the first {@code count} values of an ascending array. */
    public static double ofSorted(long[] sorted, int count, double p) {
        if (count < 1 || count > sorted.length) {
            throw new IllegalArgumentException("count must be between 1 and " + sorted.length + ", was " + count);
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("p must be between 0 and 100, was " + p);
        }
        double rank = p / 100.0 * (count - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        double fraction = rank - lo;
        if (lo == hi || fraction == 0) {
            return sorted[lo];
        }
        double a = sorted[lo];
        double b = sorted[hi];
        // Rounding of (b − a) with values near 2^63 could step past b; the clamp keeps the result
        // between its neighbours, which is what makes percentiles monotonic in p.
        double v = a + (b - a) * fraction;
        return Math.min(b, Math.max(a, v));
    }

    /** The p-th percentile of values in any order; the array is left untouched. */
    public static double of(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, sorted.length, p);
    }

    /** The median, P50. */
    public static double median(long[] values) {
        return of(values, 50);
    }
}
