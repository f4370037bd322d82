package dev.fleetdeck.config;

/** How a workspace's cores are given to its container (sizing guide). */
public enum CpuAllocation {
    /** {@code --cpu-shares = cores × 1024}: relative weight, idle CPU can be borrowed. */
    SHARES,
    /** {@code --cpus = cores}: a hard ceiling. */
    QUOTAS
}
