package dev.fleetdeck.fleet;

/** CPU and memory figures exactly as {@code docker stats} computes them (docker/cli stats_helpers.go). */
public final class StatsMath {
    private StatsMath() {
    }

    /** CPU percent between two samples of one container; 100 = one full CPU. */
    public static double cpuPercent(StatsSample previous, StatsSample current) {
        if (previous == null || current == null) {
            return 0;
        }
        double cpuDelta = (double) current.cpuTotalUsage() - previous.cpuTotalUsage();
        double systemDelta = (double) current.systemCpuUsage() - previous.systemCpuUsage();
        if (cpuDelta <= 0 || systemDelta <= 0) {
            return 0;
        }
        return cpuDelta / systemDelta * current.onlineCpus() * 100.0;
    }

    /** Memory in use: usage minus the inactive page cache, which the kernel can drop at once. */
    public static long memUsed(StatsSample s) {
        if (s == null) {
            return 0;
        }
        return s.memInactiveFile() < s.memUsage() ? s.memUsage() - s.memInactiveFile() : s.memUsage();
    }
}
