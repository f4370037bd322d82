package dev.fleetdeck.pool;

import java.time.Duration;
import java.time.Instant;

/** One ready session waiting in a pool for a launch to claim it. */
public record StagedSession(StagingPool pool, String agent, String containerId, String sessionId, Instant stagedAt) {

    public boolean olderThan(Duration maxAge, Instant now) {
        return !stagedAt.plus(maxAge).isAfter(now);
    }

    public Duration age(Instant now) {
        return Duration.between(stagedAt, now);
    }
}
