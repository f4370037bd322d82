package dev.fleetdeck.config;

/**
 * A workspace type of the catalog: what a session of it runs and reserves.
 *
 * @param poolSize    ready, unassigned sessions of this type to keep staged (0 = no staging pool)
 * @param poolMaxAge  a staged session older than this is replaced by a fresh one
 */
public record WorkspaceType(
        String name,
        String image,
        double cores,
        long memoryBytes,
        CpuAllocation cpuAllocation,
        int targetSeconds,
        int poolSize,
        java.time.Duration poolMaxAge) {

    public static final java.time.Duration DEFAULT_POOL_MAX_AGE = java.time.Duration.ofHours(1);

    public WorkspaceType {
        poolMaxAge = poolMaxAge == null ? DEFAULT_POOL_MAX_AGE : poolMaxAge;
    }

    public WorkspaceType(String name, String image, double cores, long memoryBytes, CpuAllocation cpuAllocation,
                         int targetSeconds) {
        this(name, image, cores, memoryBytes, cpuAllocation, targetSeconds, 0, DEFAULT_POOL_MAX_AGE);
    }
}
