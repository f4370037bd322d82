package dev.fleetdeck.fleet;

import java.time.Instant;

/**
 * One raw stats sample of a container, as the Docker stats API reports it. CPU percent needs two
 * samples (see {@link StatsMath}); memory is usage minus the inactive page cache.
 *
 * @param cpuTotalUsage    container CPU time used, in nanoseconds
 * @param systemCpuUsage   host CPU time, in nanoseconds (all CPUs)
 * @param onlineCpus       CPUs the host has online
 * @param memUsage         memory usage in bytes, page cache included
 * @param memInactiveFile  inactive file cache ({@code inactive_file} on cgroup v2,
 *                         {@code total_inactive_file} on v1), in bytes
 * @param memLimit         the container's memory limit (or the host's memory) in bytes
 */
public record StatsSample(
        String containerId,
        Instant read,
        long cpuTotalUsage,
        long systemCpuUsage,
        int onlineCpus,
        long memUsage,
        long memInactiveFile,
        long memLimit) {}
