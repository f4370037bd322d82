package dev.fleetdeck.pool;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How many ready, unassigned sessions of one workspace type to keep in one zone (the startup
 * guide's workspace pools).
 *
 * @param zone   null = staged on any agent, taken by a launch in any zone
 * @param size   ready sessions to keep
 * @param maxAge a staged session older than this is removed and replaced, so users get fresh ones
 * @param env    environment of the staged containers (the test bed's image reads STARTUP_SECONDS)
 */
public record StagingPool(String zone, String workspaceType, int size, Duration maxAge, Map<String, String> env) {

    public StagingPool {
        Objects.requireNonNull(workspaceType, "workspaceType");
        Objects.requireNonNull(maxAge, "maxAge");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public StagingPool(String zone, String workspaceType, int size, Duration maxAge) {
        this(zone, workspaceType, size, maxAge, Map.of());
    }

    public String label() {
        return workspaceType + (zone == null ? "" : " in " + zone);
    }
}
