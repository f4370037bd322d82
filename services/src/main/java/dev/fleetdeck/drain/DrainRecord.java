package dev.fleetdeck.drain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored state of one agent's drain (or cordon): what the store keeps, what a restarted
 * console resumes from and what a view lists. One per agent; each change is a new record.
 *
 * @param owner      the console that runs it ({@link Operator#id()})
 * @param deadlineAt when the deadline passes, or {@code null} for none
 * @param options    how it runs; {@code null} for a plain cordon
 * @param sessions   every session seen on the agent since the drain began
 * @param overdue    the deadline passed and the drain keeps waiting
 * @param detail     the latest human-readable note (why it failed, the hook's last line, ...)
 */
public record DrainRecord(
        String agent,
        DrainPhase phase,
        String owner,
        Instant startedAt,
        Instant updatedAt,
        Instant deadlineAt,
        DrainOptions options,
        List<DrainedSession> sessions,
        boolean overdue,
        String detail) {

    public DrainRecord {
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
    }

    public static DrainRecord cordon(String agent, String owner, Instant now) {
        return new DrainRecord(agent, DrainPhase.CORDONED, owner, now, now, null, null, List.of(), false, null);
    }

    public List<DrainedSession> running() {
        return sessions.stream().filter(DrainedSession::running).toList();
    }

    public long endedBy(DrainedSession.EndedBy by) {
        return sessions.stream().filter(s -> s.endedBy() == by).count();
    }

    public DrainRecord withPhase(DrainPhase p, Instant now, String newDetail) {
        return new DrainRecord(agent, p, owner, startedAt, now, deadlineAt, options, sessions, overdue, newDetail);
    }

    public DrainRecord withSessions(List<DrainedSession> s, Instant now) {
        return new DrainRecord(agent, phase, owner, startedAt, now, deadlineAt, options, s, overdue, detail);
    }

    public DrainRecord withOverdue(Instant now, String newDetail) {
        return new DrainRecord(agent, phase, owner, startedAt, now, deadlineAt, options, sessions, true, newDetail);
    }

    public DrainRecord withOwner(String newOwner, Instant now) {
        return new DrainRecord(agent, phase, newOwner, startedAt, now, deadlineAt, options, sessions, overdue, detail);
    }

    /** The same record with one session replaced (matched by container id). */
    public DrainRecord withSession(DrainedSession changed, Instant now) {
        List<DrainedSession> list = new ArrayList<>(sessions);
        list.replaceAll(s -> s.containerId().equals(changed.containerId()) ? changed : s);
        return withSessions(list, now);
    }
}
