package dev.fleetdeck.fleet;

/**
 * What {@code docker stats} shows, computed from raw samples exactly as docker/cli's
 * {@code stats_helpers.go} does. The console takes one-shot samples and keeps its own previous
 * sample per container, so CPU is the share used between two of the console's own samples.
 */
public final class StatsMath {

    private StatsMath() {}

    /**
     * CPU percent between two samples of one container: 100 % is one CPU fully used, so a
     * container may show up to {@code onlineCpus × 100}. Zero unless both the container's and
     * the host's CPU time advanced (a restart or a stopped container resets the counters).
     */
    public static double cpuPercent(StatsSample previous, StatsSample current) {
        long cpuDelta = current.cpuTotalUsage() - previous.cpuTotalUsage();
        long systemDelta = current.systemCpuUsage() - previous.systemCpuUsage();
        if (cpuDelta <= 0 || systemDelta <= 0) {
            return 0.0;
        }
        return (double) cpuDelta / systemDelta * current.onlineCpus() * 100.0;
    }

    /** Memory really held: usage without the inactive page cache, which the kernel can drop. */
    public static long memoryUsedBytes(StatsSample sample) {
        long usage = sample.memUsage();
        long inactive = sample.memInactiveFile();
        return inactive < usage ? usage - inactive : usage;
    }

    /** Used memory as a percent of the limit; zero when the limit is unknown. */
    public static double memoryPercent(StatsSample sample) {
        if (sample.memLimit() <= 0) {
            return 0.0;
        }
        return (double) memoryUsedBytes(sample) / sample.memLimit() * 100.0;
    }
}
