package dev.fleetdeck.launch;

/**
 * Capacity held on one agent for a session being launched, in the store every process shares:
 * from placement until the agent's labels count the session (a snapshot listing {@code
 * sessionId}), or until it expires.
 *
 * @param owner           the process that placed it ({@code ProcessOwner}); a dead one's is dropped
 * @param expiresAtMillis wall-clock end: the launch's longest wait while unplaced, a couple of
 *                        refreshes once the session exists
 */
public record Reservation(
        String id,
        String agent,
        String sessionId,
        double cores,
        long memoryBytes,
        String owner,
        long expiresAtMillis) {}
