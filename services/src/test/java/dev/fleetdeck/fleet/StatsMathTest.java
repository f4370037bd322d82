package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsMathTest {

    private static StatsSample cpu(long total, long system, int cpus) {
        return new StatsSample("c", Instant.EPOCH, total, system, cpus, 0, 0, 0);
    }

    private static StatsSample memory(long usage, long inactive, long limit) {
        return new StatsSample("c", Instant.EPOCH, 0, 0, 2, usage, inactive, limit);
    }

    @Test
    void cpuPercentIsContainerShareOfHostTimeTimesOnlineCpus() {
        // 0.5 s of container CPU while 2 CPUs ran 2 s of host time (1 s wall): half a CPU = 50 %.
        StatsSample previous = cpu(1_000_000_000L, 100_000_000_000L, 2);
        StatsSample current = cpu(1_500_000_000L, 102_000_000_000L, 2);

        assertThat(StatsMath.cpuPercent(previous, current)).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void cpuPercentCanExceedHundredForMultiCoreUse() {
        // 3 s of container CPU over 1 s wall on a 4-CPU host (4 s host time): 300 %.
        StatsSample previous = cpu(0, 10_000_000_000L, 4);
        StatsSample current = cpu(3_000_000_000L, 14_000_000_000L, 4);

        assertThat(StatsMath.cpuPercent(previous, current)).isCloseTo(300.0, within(1e-9));
    }

    @Test
    void cpuPercentUsesTheCurrentSamplesOnlineCpus() {
        StatsSample previous = cpu(0, 0, 1);
        StatsSample current = cpu(250, 1000, 4);

        assertThat(StatsMath.cpuPercent(previous, current)).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void cpuPercentIsZeroWhenTheContainerUsedNoCpu() {
        assertThat(StatsMath.cpuPercent(cpu(500, 1000, 2), cpu(500, 2000, 2))).isZero();
    }

    @Test
    void cpuPercentIsZeroWhenHostTimeDidNotAdvance() {
        assertThat(StatsMath.cpuPercent(cpu(500, 1000, 2), cpu(900, 1000, 2))).isZero();
    }

    @Test
    void cpuPercentIsZeroWhenCountersWentBackwardsAfterARestart() {
        assertThat(StatsMath.cpuPercent(cpu(9_000, 1000, 2), cpu(100, 2000, 2))).isZero();
    }

    @Test
    void memoryUsedSubtractsInactivePageCache() {
        // 100 MiB usage of which 30 MiB is inactive file cache: 70 MiB really used.
        assertThat(StatsMath.memoryUsedBytes(memory(100L << 20, 30L << 20, 0))).isEqualTo(70L << 20);
    }

    @Test
    void memoryUsedIsUsageWhenInactiveCacheIsNotBelowUsage() {
        assertThat(StatsMath.memoryUsedBytes(memory(1000, 1000, 0))).isEqualTo(1000);
        assertThat(StatsMath.memoryUsedBytes(memory(1000, 5000, 0))).isEqualTo(1000);
    }

    @Test
    void memoryPercentIsUsedOverLimit() {
        // (96 − 32) MiB of 256 MiB = 25 %.
        assertThat(StatsMath.memoryPercent(memory(96L << 20, 32L << 20, 256L << 20)))
                .isCloseTo(25.0, within(1e-9));
    }

    @Test
    void memoryPercentIsZeroWithoutALimit() {
        assertThat(StatsMath.memoryPercent(memory(1000, 0, 0))).isZero();
    }
}
