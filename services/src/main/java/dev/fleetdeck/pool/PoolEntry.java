package dev.fleetdeck.pool;

import java.time.Instant;

/**
 * A staged session as the shared pool store keeps it: enough to hand it out and to remove it,
 * from any process.
 *
 * @param zone null = a pool for any zone
 */
public record PoolEntry(
        String workspaceType, String zone, String agent, String containerId, String sessionId, Instant stagedAt) {

    /** The pool a staged session belongs to, as one string ("firefox@east", "firefox@*" for any zone). */
    public static String key(String workspaceType, String zone) {
        return workspaceType + "@" + (zone == null ? "*" : zone);
    }

    public String key() {
        return key(workspaceType, zone);
    }
}
