package dev.fleetdeck.config;

/** A workspace type of the catalog: what a session of it runs and reserves. */
public record WorkspaceType(
        String name,
        String image,
        double cores,
        long memoryBytes,
        CpuAllocation cpuAllocation,
        int targetSeconds) {
}
