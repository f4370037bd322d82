package dev.fleetdeck.fleet;

import java.time.Instant;

/**
 * One agent's host as node-exporter reports it: the whole machine, not only its containers.
 *
 * @param cpuPercent     busy share of all CPUs, 0..100
 * @param memUsedBytes   MemTotal − MemAvailable (what the kernel could not hand out without swapping)
 * @param memTotalBytes  MemTotal
 * @param diskUsedBytes  size − available of the filesystem holding Docker's data root; 0 when unknown
 * @param diskTotalBytes size of that filesystem; 0 when node-exporter reported none
 * @param sampledAt      the sample's time in Prometheus
 */
public record HostFigures(
        double cpuPercent,
        long memUsedBytes,
        long memTotalBytes,
        long diskUsedBytes,
        long diskTotalBytes,
        Instant sampledAt) {

    public double memPercent() {
        return memTotalBytes <= 0 ? 0 : Math.min(100.0, memUsedBytes * 100.0 / memTotalBytes);
    }
}
