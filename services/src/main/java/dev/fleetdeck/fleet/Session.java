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
    // Read for every session on every refresh: constant texts, so reading it allocates nothing.
    static String healthOf(String status) {
        if (status == null || status.indexOf('(') < 0) {
            return null;
        }
        if (status.contains("(unhealthy)")) {
            return "unhealthy";
        }
        if (status.contains("(healthy)")) {
            return "healthy";
        }
        if (status.contains("(health: starting)")) {
            return "starting";
        }
        return null;
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
    };

    // Labels come from containers anyone could have started: a bad one counts as nothing.
    static double parseDouble(String s) {
        double plain = plainDecimal(s);
        if (!Double.isNaN(plain)) {
            return plain > 0 ? plain : 0;
        }
        try {
            double d = s == null ? 0 : Double.parseDouble(s);
            return Double.isFinite(d) && d > 0 ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A label as the launcher writes it ({@code Double.toString} of a workspace's cores: "0.5",
     * "2.0") read without {@link Double#parseDouble}'s garbage, as it is read for every session on
     * every refresh; {@code NaN} for anything else, which the full parser then reads. Exact: with
     * at most 15 digits the digits and the power of ten are exact doubles, so their quotient is
     * the correctly rounded value, as {@code parseDouble} gives.
     */
    private static double plainDecimal(String s) {
        if (s == null || s.isEmpty() || s.length() > 16) {
            return Double.NaN;
        }
        long digits = 0;
        int count = 0;
        int decimals = -1;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '.' && decimals < 0 && count > 0) {
                decimals = 0;
            } else if (ch >= '0' && ch <= '9') {
                digits = digits * 10 + (ch - '0');
                count++;
                if (decimals >= 0) {
                    decimals++;
                }
            } else {
                return Double.NaN;
            }
        }
        if (count == 0 || decimals == 0 || count > 15) {
            return Double.NaN;
        }
        return decimals < 0 ? digits : digits / POWERS_OF_TEN[decimals];
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
