package dev.fleetdeck.drain;

import dev.fleetdeck.fleet.Session;
import java.time.Instant;

/**
 * A session a drain has seen on its agent, and how it ended. A drain keeps every one it saw, so
 * a resumed drain knows which it already stopped and never stops (or counts) one twice.
 *
 * @param ended   when the drain saw it gone, or {@code null} while it runs
 * @param endedBy {@code null} while it runs
 */
public record DrainedSession(String sessionId, String containerId, String user, String workspaceType,
                             Instant created, Instant ended, EndedBy endedBy) {

    public enum EndedBy {
        /** Closed by its user (or anything but the drain). */
        USER,
        /** Stopped by the drain at its deadline. */
        DRAIN
    }

    public static DrainedSession of(Session s) {
        return new DrainedSession(s.sessionId(), s.containerId(), s.user(), s.workspaceType(), s.created(), null, null);
    }

    public boolean running() {
        return ended == null;
    }

    public DrainedSession endedAt(Instant when, EndedBy by) {
        return new DrainedSession(sessionId, containerId, user, workspaceType, created, when, by);
    }
}
