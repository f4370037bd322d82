package dev.fleetdeck.sim;

import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.startup.StartupRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A week of made-up launches at the real platform's scale (the startup guide's phase times), so
 * the demo's analyzer has a history to show from the first second. Slow types run over their
 * targets now and then, one agent creates slowly, and a few launches fail.
 */
public final class SyntheticHistory {
    private SyntheticHistory() {}

    public static void generate(
            List<WorkspaceType> catalog,
            List<String> agents,
            long seed,
            Instant now,
            int count,
            Consumer<StartupRecord> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        String slowAgent = agents.get(agents.size() - 1);
        for (int i = 0; i < count; i++) {
            WorkspaceType ws = catalog.get(random.nextInt(catalog.size()));
            String agent = agents.get(random.nextInt(agents.size()));
            double weight = ws.cores() >= 4 ? 1.8 : ws.name().contains("burp") ? 1.3 : 1.0;
            boolean failed = random.nextDouble() < 0.03 * weight;
            long quota = 80L + random.nextInt(250);
            long placement = 5L + random.nextInt(40);
            long create =
                    Math.round((10_000 + random.nextInt(14_000)) * weight * (agent.equals(slowAgent) ? 1.7 : 1.0));
            long monitoring = Math.round((5_000 + random.nextInt(9_000)) * weight);
            long total = quota + placement + create + monitoring;
            int checks = 1 + random.nextInt(6);
            // Oldest first, as a journal is written.
            long spacing = 7L * 24 * 3600 / Math.max(1, count);
            Instant at = now.minus(Duration.ofSeconds((count - i) * spacing - random.nextLong(Math.max(1, spacing))));
            sink.accept(new StartupRecord(
                    String.format("hist-%05d", i),
                    ws.name(),
                    "user" + random.nextInt(40),
                    agent,
                    null,
                    failed ? StartupRecord.Outcome.FAILED : StartupRecord.Outcome.READY,
                    failed ? "container stopped before it was ready" : null,
                    false,
                    List.of(),
                    new StartupRecord.Performance(
                            at,
                            quota,
                            placement,
                            create,
                            failed ? monitoring / 2 : monitoring,
                            failed ? total - monitoring / 2 : total,
                            checks,
                            40 + random.nextInt(120),
                            List.of(),
                            "events")));
        }
    }
}
