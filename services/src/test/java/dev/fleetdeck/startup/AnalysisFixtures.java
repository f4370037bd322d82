package dev.fleetdeck.startup;

import java.time.Instant;
import java.util.List;

/** Records for analysis tests, built in one place. */
public final class AnalysisFixtures {
    private AnalysisFixtures() {}

    public static StartupRecord launch(
            String session, String type, String agent, Instant at, long totalMs, boolean ready) {
        long quota = Math.min(100, totalMs);
        long placement = Math.min(10, totalMs - quota);
        long create = (totalMs - quota - placement) / 2;
        long monitoring = totalMs - quota - placement - create;
        return new StartupRecord(
                session,
                type,
                "user-" + session.hashCode() % 7,
                agent,
                "c-" + session,
                ready ? StartupRecord.Outcome.READY : StartupRecord.Outcome.FAILED,
                ready ? null : "timed out",
                false,
                List.of(new StartupRecord.PlacementAttempt(agent, ready ? "ok" : "failed", null, quota, create)),
                new StartupRecord.Performance(
                        at,
                        quota,
                        placement,
                        create,
                        monitoring,
                        totalMs,
                        3,
                        40,
                        List.of(quota + placement + create + 100, quota + placement + create + 600),
                        "events"));
    }
}
