package dev.fleetdeck.startup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One launch as stored and analyzed: the startup guide's "performance metadata" plus where and
 * how the session was placed. Its JSON form (one object per line in journals and exports) is:
 * <pre>{"sessionId": "…", "workspaceType": "kali", "user": "…", "agent": "…", "containerId": "…",
 *  "outcome": "ready"|"failed", "error": null, "staged": false, "attempts": [...],
 *  "performance": {"provisioningStartedAt": "2026-01-15T10:00:00.000Z", "quotaCheckDurationMs": 250,
 *  "placementDurationMs": 12, "sessionCreateDurationMs": 15000, "monitoringDurationMs": 30000,
 *  "totalStartupTimeMs": 45262, "statusCheckAttempts": 10, "averageStatusCheckDurationMs": 150,
 *  "statusCheckOffsetsMs": [...], "readinessSource": "events"}}</pre>
 */
public record StartupRecord(
        String sessionId,
        String workspaceType,
        String user,
        String agent,
        String containerId,
        Outcome outcome,
        String error,
        boolean staged,
        List<PlacementAttempt> attempts,
        Performance performance) {

    public StartupRecord {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    public boolean ready() {
        return outcome == Outcome.READY;
    }

    /** How a launch ended. */
    public enum Outcome {
        READY,
        FAILED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Outcome parse(String s) {
            return Outcome.valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The timed phases. Durations are milliseconds from a monotonic clock; only
     * {@code provisioningStartedAt} is wall-clock time.
     *
     * @param statusCheckOffsetsMs when each status check started, from provisioning start (the
     *                             timeline's ticks)
     * @param readinessSource      "events" or "polling": what noticed the session was ready
     */
    public record Performance(
            Instant provisioningStartedAt,
            long quotaCheckDurationMs,
            long placementDurationMs,
            long sessionCreateDurationMs,
            long monitoringDurationMs,
            long totalStartupTimeMs,
            int statusCheckAttempts,
            long averageStatusCheckDurationMs,
            List<Long> statusCheckOffsetsMs,
            String readinessSource) {

        public Performance {
            statusCheckOffsetsMs = statusCheckOffsetsMs == null ? List.of() : List.copyOf(statusCheckOffsetsMs);
        }
    }

    /**
     * One try on one agent. {@code startOffsetMs} is from provisioning start; outcome is "ok" or
     * "failed".
     */
    public record PlacementAttempt(String agent, String outcome, String error, long startOffsetMs, long durationMs) {}
}
