package dev.fleetdeck.startup;

import java.util.Arrays;

/**
 * A growable array of longs: the totals of one group, kept as primitives so a million launches
 * cost 8 MB rather than a million boxed objects.
 */
final class LongSamples {
    private long[] values = new long[16];
    private int size;

    void add(long value) {
        if (size == values.length) {
            // 1.5× growth: the transient copy at a million values stays near 20 MB.
            values = Arrays.copyOf(values, size + (size >> 1) + 1);
        }
        values[size++] = value;
    }

    /** Appends the other's values; with percentiles over sorted values, order does not matter. */
    void addAll(LongSamples other) {
        if (size + other.size > values.length) {
            values = Arrays.copyOf(values, size + other.size);
        }
        System.arraycopy(other.values, 0, values, size, other.size);
        size += other.size;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    int size() {
        return size;
    }

    /** Percentile over the values so far, 0 when there are none. Sorts in place: order carries no meaning here. */
    double percentile(double p) {
        if (size == 0) {
            return 0;
        }
        Arrays.sort(values, 0, size);
        return Percentiles.ofSorted(values, size, p);
    }
}
