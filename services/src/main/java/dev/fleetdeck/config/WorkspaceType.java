package dev.fleetdeck.config;

import java.util.Map;

/**
 * A workspace type of the catalog: what a session of it runs and reserves.
 *
 * @param poolSize    ready, unassigned sessions of this type to keep staged (0 = no staging pool)
 * @param poolMaxAge  a staged session older than this is replaced by a fresh one
 * @param poolSizeByZone where zones differ: ready sessions per zone (zones not listed keep none);
 *                    empty = {@code poolSize} in every zone
 * @param recording   sessions of this type are recorded: the sizing guide counts one more core for each
 */
public record WorkspaceType(
        String name,
        String image,
        double cores,
        long memoryBytes,
        CpuAllocation cpuAllocation,
        int targetSeconds,
        int poolSize,
        java.time.Duration poolMaxAge,
        Map<String, Integer> poolSizeByZone,
        boolean recording) {

    public static final java.time.Duration DEFAULT_POOL_MAX_AGE = java.time.Duration.ofHours(1);

    public WorkspaceType {
        poolMaxAge = poolMaxAge == null ? DEFAULT_POOL_MAX_AGE : poolMaxAge;
        poolSizeByZone = poolSizeByZone == null ? Map.of() : Map.copyOf(poolSizeByZone);
    }

    public WorkspaceType(String name, String image, double cores, long memoryBytes, CpuAllocation cpuAllocation,
                         int targetSeconds, int poolSize, java.time.Duration poolMaxAge, Map<String, Integer> poolSizeByZone) {
        this(name, image, cores, memoryBytes, cpuAllocation, targetSeconds, poolSize, poolMaxAge, poolSizeByZone, false);
    }

    /** Cores the sizing guide counts per session: the workspace's, plus one when it records. */
    public double sizingCores() {
        return cores + (recording ? 1 : 0);
    }

    public WorkspaceType(String name, String image, double cores, long memoryBytes, CpuAllocation cpuAllocation,
                         int targetSeconds, int poolSize, java.time.Duration poolMaxAge) {
        this(name, image, cores, memoryBytes, cpuAllocation, targetSeconds, poolSize, poolMaxAge, Map.of());
    }

    /** Ready sessions of this type to keep staged in {@code zone}. */
    public int poolSizeIn(String zone) {
        return poolSizeByZone.isEmpty() ? poolSize : poolSizeByZone.getOrDefault(zone, 0);
    }

    /** Whether any zone keeps a staging pool of this type. */
    public boolean pooled() {
        return poolSize > 0 || poolSizeByZone.values().stream().anyMatch(n -> n > 0);
    }

    public WorkspaceType(String name, String image, double cores, long memoryBytes, CpuAllocation cpuAllocation,
                         int targetSeconds) {
        this(name, image, cores, memoryBytes, cpuAllocation, targetSeconds, 0, DEFAULT_POOL_MAX_AGE);
    }
}
