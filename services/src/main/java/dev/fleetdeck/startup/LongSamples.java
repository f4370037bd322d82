package dev.fleetdeck.startup;

import java.util.Arrays;

/**
 * A growable array of longs: the totals of one group, kept as primitives so a million launches
 * cost 8 MB rather than a million boxed objects. Once sorted for a percentile it stays sorted: a
 * value added later is put in its place (a move of the larger values, no new array), so the
 * window's report after each launch costs no sort of a million values.
 */
final class LongSamples {
    private long[] values = new long[16];
    private int size;
    /** Whether values[0, size) are ascending. */
    private boolean sorted = true;
    /** Whether a percentile was asked for: from then on values are kept in order as they come. */
    private boolean reported;

    void add(long value) {
        if (size == values.length) {
            // 1.5× growth: the transient copy at a million values stays near 20 MB.
            values = Arrays.copyOf(values, size + (size >> 1) + 1);
        }
        if (sorted && size > 0 && value < values[size - 1]) {
            if (!reported) {
                // A bulk feed: append now, one sort when a percentile is asked for.
                sorted = false;
            } else {
                int at = Arrays.binarySearch(values, 0, size, value);
                at = at < 0 ? -at - 1 : at;
                System.arraycopy(values, at, values, at + 1, size - at);
                values[at] = value;
                size++;
                return;
            }
        }
        values[size++] = value;
    }

    /** Appends the other's values; with percentiles over sorted values, order does not matter. */
    void addAll(LongSamples other) {
        if (other.size == 0) {
            return;
        }
        if (size + other.size > values.length) {
            values = Arrays.copyOf(values, size + other.size);
        }
        System.arraycopy(other.values, 0, values, size, other.size);
        size += other.size;
        sorted = false;
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    /** Percentile over the values so far, 0 when there are none. */
    double percentile(double p) {
        if (size == 0) {
            return 0;
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        reported = true;
        return Percentiles.ofSorted(values, size, p);
    }
}
