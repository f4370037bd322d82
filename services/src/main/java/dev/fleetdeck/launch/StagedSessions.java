package dev.fleetdeck.launch;

import dev.fleetdeck.config.WorkspaceType;
import java.util.Optional;

/**
 * Ready sessions made in advance (the startup guide's workspace pools), which a launch takes
 * instead of creating and waiting for a new one. {@code dev.fleetdeck.pool.StagingPools} keeps them.
 */
public interface StagedSessions {

    /** No pools: every launch is a cold one. */
    StagedSessions NONE = (ws, zone, user) -> Optional.empty();

    /**
     * Takes one ready staged session of this workspace for {@code user}, in {@code zone} when one
     * is given, on an agent that still accepts sessions. No two calls get the same session.
     */
    Optional<Claim> claim(WorkspaceType ws, String zone, String user);

    /** The staged session now owned by the launch's user. */
    record Claim(String agent, String containerId, String sessionId) {}
}
