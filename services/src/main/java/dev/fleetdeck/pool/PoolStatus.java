package dev.fleetdeck.pool;

/**
 * One staging pool at a moment: how many staged sessions wait in it against how many it keeps.
 *
 * @param zone         null = any zone
 * @param ready        staged sessions waiting in the shared store
 * @param claimedToday staged sessions launches took today (UTC), in every process
 * @param keptBy       the process keeping the pools (the keeper lease's holder), or null for nobody
 */
public record PoolStatus(String workspaceType, String zone, int ready, int desired, int claimedToday, String keptBy) {

    public PoolStatus(String workspaceType, String zone, int ready, int desired) {
        this(workspaceType, zone, ready, desired, 0, null);
    }

    /** E.g. "firefox 2/2" or "kali in east 1/3". */
    public String label() {
        return workspaceType + (zone == null ? "" : " in " + zone) + " " + ready + "/" + desired;
    }

    public boolean full() {
        return ready >= desired;
    }
}
