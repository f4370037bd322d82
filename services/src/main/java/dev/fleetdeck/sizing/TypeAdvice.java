package dev.fleetdeck.sizing;

/**
 * One workspace type on one agent: what its sessions were seen to use, and how many more of them
 * the recommended overrides let the agent take.
 *
 * @param observed          whether the consoles saw sessions of this type here (else the declared size stands in)
 * @param ramPerSession     bytes one session used at its peak (observed), or the declared memory
 * @param cpuPerSession     cores one session used on average (observed), or the declared cores
 * @param sessionsToday     sessions of this type the agent's capacity takes today (none running)
 * @param moreSessions      how many more the recommended overrides take than today (negative: fewer)
 */
public record TypeAdvice(
        String type, boolean observed, long ramPerSession, double cpuPerSession, int sessionsToday, int moreSessions) {}
