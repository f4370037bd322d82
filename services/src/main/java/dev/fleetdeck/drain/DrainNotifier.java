package dev.fleetdeck.drain;

import dev.fleetdeck.fleet.AgentEngine;

/**
 * Tells a session's user what a drain is doing to it. {@link SessionNotices} runs the workspace's
 * notice command inside the session's container; what was told, and what could not be, goes into
 * the drain record.
 */
public interface DrainNotifier {

    /** Whether users of this workspace type can be told at all (the type has a notice command). */
    boolean canTell(String workspaceType);

    /**
     * Tells one session's user; returns what to record. Never throws, and returns within its own
     * time limit: it runs on the drain's thread.
     */
    SessionNotice tell(AgentEngine engine, DrainedSession session, String point, String message);
}
