package dev.fleetdeck.sizing;

import java.util.List;

/**
 * The advisor's verdict on one agent.
 *
 * @param hostFigures         true when RAM and CPU are the host's (node-exporter); false: the containers' sum
 * @param ramPeakPercent      the highest RAM share seen in the window
 * @param ramP95Percent       P95 of the RAM shares of the window's points
 * @param cpuPeakPercent      the highest CPU share of a point
 * @param cpuP95Percent       P95 of the CPU shares
 * @param peakSessions        most users' sessions seen at once (-1: none recorded)
 * @param ramTotalBytes       the host's RAM
 * @param cpus                the host's CPUs (0: unknown)
 * @param ramOverride         recommended {@code ramOverride} in bytes, 0 for none (no advice, see {@code warning})
 * @param cpuOverride         recommended {@code cpuOverride} in cores, 0 for none
 * @param nearFull            RAM reached {@code ramWarnPercent} in the window
 * @param warning             why no bigger override is recommended, or {@code null}
 */
public record AgentAdvice(
        String agent,
        boolean hostFigures,
        double ramPeakPercent,
        double ramP95Percent,
        double cpuPeakPercent,
        double cpuP95Percent,
        int peakSessions,
        long ramTotalBytes,
        int cpus,
        long currentRamOverride,
        double currentCpuOverride,
        long ramOverride,
        double cpuOverride,
        boolean nearFull,
        String warning,
        List<TypeAdvice> types) {

    public AgentAdvice {
        types = List.copyOf(types);
    }
}
