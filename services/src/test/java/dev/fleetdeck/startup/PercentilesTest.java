package dev.fleetdeck.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void oddCountInterpolatesBetweenClosestRanks() {
        long[] v = {15, 20, 35, 40, 50};
        // P50: rank 0.5 × 4 = 2 → 35.  P40: rank 1.6 → 20 + 0.6 × (35 − 20) = 29.
        // P95: rank 3.8 → 40 + 0.8 × (50 − 40) = 48.  P0 and P100 are min and max.
        assertThat(Percentiles.of(v, 50)).isEqualTo(35.0);
        assertThat(Percentiles.of(v, 40)).isCloseTo(29.0, within(1e-9));
        assertThat(Percentiles.of(v, 95)).isCloseTo(48.0, within(1e-9));
        assertThat(Percentiles.of(v, 0)).isEqualTo(15.0);
        assertThat(Percentiles.of(v, 100)).isEqualTo(50.0);
    }

    @Test
    void evenCountMedianIsTheMeanOfTheMiddleTwo() {
        long[] v = {1, 2, 3, 4};
        // P50: rank 1.5 → 2 + 0.5 × 1 = 2.5.  P25: rank 0.75 → 1.75.  P95: rank 2.85 → 3 + 0.85 = 3.85.
        assertThat(Percentiles.median(v)).isEqualTo(2.5);
        assertThat(Percentiles.of(v, 25)).isCloseTo(1.75, within(1e-9));
        assertThat(Percentiles.of(v, 95)).isCloseTo(3.85, within(1e-9));
    }

    @Test
    void twoValuesInterpolateAlongTheirGap() {
        long[] v = {20, 10};
        // Sorted 10, 20. P50: rank 0.5 → 15. P95: rank 0.95 → 19.5. P99: rank 0.99 → 19.9.
        assertThat(Percentiles.median(v)).isEqualTo(15.0);
        assertThat(Percentiles.of(v, 95)).isCloseTo(19.5, within(1e-9));
        assertThat(Percentiles.of(v, 99)).isCloseTo(19.9, within(1e-9));
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        long[] v = {42};
        assertThat(Percentiles.of(v, 0)).isEqualTo(42.0);
        assertThat(Percentiles.of(v, 50)).isEqualTo(42.0);
        assertThat(Percentiles.of(v, 99)).isEqualTo(42.0);
    }

    @Test
    void tiesInterpolateOnlyWhereValuesDiffer() {
        long[] v = {5, 10, 5, 5};
        // Sorted 5, 5, 5, 10. P50: rank 1.5, between 5 and 5 → 5. P90: rank 2.7 → 5 + 0.7 × 5 = 8.5.
        assertThat(Percentiles.median(v)).isEqualTo(5.0);
        assertThat(Percentiles.of(v, 90)).isCloseTo(8.5, within(1e-9));
    }

    @Test
    void unsortedInputIsLeftAsItWas() {
        long[] v = {40, 15, 50, 35, 20};
        assertThat(Percentiles.median(v)).isEqualTo(35.0);
        assertThat(v).containsExactly(40, 15, 50, 35, 20);
    }

    @Test
    void noValuesOrAPercentOutOfRangeIsRefused() {
        assertThatThrownBy(() -> Percentiles.of(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}, 100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void percentileGrowsWithPAndStaysBetweenMinAndMax(
            @ForAll @Size(min = 1, max = 60) long[] values,
            @ForAll @DoubleRange(min = 0, max = 100) double p,
            @ForAll @DoubleRange(min = 0, max = 100) double q) {
        double lo = Math.min(p, q);
        double hi = Math.max(p, q);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long x : values) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double atLo = Percentiles.of(values, lo);
        double atHi = Percentiles.of(values, hi);
        assertThat(atLo).isLessThanOrEqualTo(atHi);
        assertThat(atLo).isBetween((double) min, (double) max);
        assertThat(atHi).isBetween((double) min, (double) max);
    }
}
