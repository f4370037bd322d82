package dev.fleetdeck.fleet;

import java.time.Instant;

/**
 * A Fleetdeck session as seen on its agent: a container carrying the {@link SessionLabels}.
 *
 * @param cpuPercent   as {@code docker stats}: 100 = one full CPU
 * @param memUsedBytes usage minus inactive page cache
 * @param cores        cores the session's workspace reserves (from its label)
 * @param memoryBytes  RAM the session's workspace reserves (from its label)
 * @param staged       made ahead for a staging pool (its {@link SessionLabels#STAGED} label)
 * @param claimed      a staged session a user has taken; its user is then the claimer's
 */
public record Session(
        String sessionId,
        String containerId,
        String agent,
        String user,
        String workspaceType,
        Instant created,
        String state,
        String health,
        double cpuPercent,
        long memUsedBytes,
        double cores,
        long memoryBytes,
        boolean staged,
        boolean claimed) {

    /** A staged session now owned by {@code owner}: Docker cannot relabel it, so the claim says who. */
    public Session claimedBy(String owner) {
        return new Session(
                sessionId,
                containerId,
                agent,
                owner,
                workspaceType,
                created,
                state,
                health,
                cpuPercent,
                memUsedBytes,
                cores,
                memoryBytes,
                staged,
                true);
    }

    /** Ready in a staging pool and nobody's yet: capacity held for the next launch of its type. */
    public boolean waitingInPool() {
        return staged && !claimed;
    }

    /** Reads a session from a container's labels; {@code null} when it is not one of ours. */
    public static Session fromContainer(String agent, ContainerSummary c, double cpuPercent, long memUsedBytes) {
        String id = c.labels().get(SessionLabels.SESSION);
        if (id == null) {
            return null;
        }
        return new Session(
                id,
                c.id(),
                agent,
                c.labels().getOrDefault(SessionLabels.USER, "?"),
                c.labels().getOrDefault(SessionLabels.WORKSPACE, "?"),
                c.created(),
                c.state(),
                healthOf(c.status()),
                cpuPercent,
                memUsedBytes,
                parseDouble(c.labels().get(SessionLabels.CORES)),
                parseLong(c.labels().get(SessionLabels.MEMORY)),
                "true".equals(c.labels().get(SessionLabels.STAGED)),
                false);
    }

    // Docker puts health only into the human status text of the list call: "Up 3 minutes (healthy)".
    static String healthOf(String status) {
        if (status == null) {
            return null;
        }
        for (String h : new String[] {"unhealthy", "healthy", "health: starting"}) {
            if (status.contains("(" + h + ")")) {
                return h.startsWith("health: ") ? "starting" : h;
            }
        }
        return null;
    }

    // Labels come from containers anyone could have started: a bad one counts as nothing.
    private static double parseDouble(String s) {
        try {
            double d = s == null ? 0 : Double.parseDouble(s);
            return Double.isFinite(d) && d > 0 ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String s) {
        try {
            long v = s == null ? 0 : Long.parseLong(s);
            return Math.max(0, v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
