package dev.fleetdeck.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One moment of one drain, as listeners (a view-model, the command line) get it after every
 * change: the phase, each session still running with its age, and when it should be done.
 *
 * @param estimatedFinish from the rate sessions ended so far, capped by a stopping deadline;
 *                        {@code null} while nothing allows a guess
 */
public record DrainProgress(
        String agent,
        DrainPhase phase,
        Instant at,
        Instant startedAt,
        Instant deadlineAt,
        List<SessionAge> running,
        int ended,
        int stoppedByDrain,
        Instant estimatedFinish,
        boolean overdue,
        String detail) {

    public DrainProgress {
        running = List.copyOf(running);
    }

    public record SessionAge(String sessionId, String user, String workspaceType, Duration age) {}

    public int sessionsLeft() {
        return running.size();
    }

    /** Whether the drain has reached a state it will not leave on its own. */
    public boolean settled() {
        return !phase.isActive();
    }

    /** One line for a terminal. */
    public String line() {
        StringBuilder sb = new StringBuilder(agent).append(": ").append(phase.label());
        if (phase == DrainPhase.DRAINING || phase == DrainPhase.STOPPING) {
            sb.append(", ").append(running.size()).append(" session(s) left");
            if (!running.isEmpty()) {
                Duration oldest = running.stream()
                        .map(SessionAge::age)
                        .max(Duration::compareTo)
                        .orElse(Duration.ZERO);
                sb.append(" (oldest ").append(human(oldest)).append(")");
            }
            sb.append(", ").append(ended).append(" ended");
            if (stoppedByDrain > 0) {
                sb.append(" (").append(stoppedByDrain).append(" stopped by the drain)");
            }
            if (estimatedFinish != null) {
                sb.append(", done in ~").append(human(Duration.between(at, estimatedFinish)));
            }
            if (overdue) {
                sb.append(" — DEADLINE PASSED, still waiting");
            }
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(" — ").append(detail);
        }
        return sb.toString();
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 90) {
            return s + "s";
        }
        if (s < 90 * 60) {
            return (s + 30) / 60 + "m";
        }
        return s / 3600 + "h" + (s % 3600) / 60 + "m";
    }
}
