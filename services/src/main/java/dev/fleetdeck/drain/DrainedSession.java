package dev.fleetdeck.drain;

import dev.fleetdeck.fleet.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A session a drain has seen on its agent, and how it ended. A drain keeps every one it saw, so
 * a resumed drain knows which it already stopped and never stops (or counts) one twice.
 *
 * @param ended   when the drain saw it gone, or {@code null} while it runs
 * @param endedBy {@code null} while it runs
 * @param notices what the drain told its user, in order (a resumed drain sends none twice)
 */
public record DrainedSession(
        String sessionId,
        String containerId,
        String user,
        String workspaceType,
        Instant created,
        Instant ended,
        EndedBy endedBy,
        List<SessionNotice> notices) {

    public DrainedSession {
        notices = notices == null ? List.of() : List.copyOf(notices);
    }

    public DrainedSession(
            String sessionId,
            String containerId,
            String user,
            String workspaceType,
            Instant created,
            Instant ended,
            EndedBy endedBy) {
        this(sessionId, containerId, user, workspaceType, created, ended, endedBy, List.of());
    }

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
        return new DrainedSession(sessionId, containerId, user, workspaceType, created, when, by, notices);
    }

    /** Whether a notice of this point was sent (or tried): each is sent once. */
    public boolean noticed(String point) {
        return notices.stream().anyMatch(n -> n.point().equals(point));
    }

    public DrainedSession withNotice(SessionNotice notice) {
        List<SessionNotice> next = new ArrayList<>(notices);
        next.add(notice);
        return new DrainedSession(sessionId, containerId, user, workspaceType, created, ended, endedBy, next);
    }
}
