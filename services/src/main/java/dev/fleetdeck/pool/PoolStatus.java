package dev.fleetdeck.pool;

/**
 * One staging pool at a moment: how many staged sessions wait in it against how many it keeps.
 *
 * @param zone  null = any zone
 * @param ready staged sessions this console can hand out now
 */
public record PoolStatus(String workspaceType, String zone, int ready, int desired) {

    /** E.g. "firefox 2/2" or "kali in east 1/3". */
    public String label() {
        return workspaceType + (zone == null ? "" : " in " + zone) + " " + ready + "/" + desired;
    }

    public boolean full() {
        return ready >= desired;
    }
}
