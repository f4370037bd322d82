package dev.fleetdeck.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the window does: one launch at a time onto a kept analysis, asking for the result between. */
class IncrementalAnalysisTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private static AnalysisRun run() {
        return AnalysisRun.over(
                new StartupAnalyzer(Clock.fixed(NOW, ZoneOffset.UTC)).accumulator(AnalysisOptions.defaults()),
                TrendUnit.HOUR,
                null);
    }

    @Test
    void launchesAddedOneByOneGiveWhatAFullReadGives() {
        SplittableRandom random = new SplittableRandom(5);
        List<StartupRecord> records = new ArrayList<>();
        String[] types = {"firefox", "kali", "burp"};
        for (int i = 0; i < 2000; i++) {
            records.add(AnalysisFixtures.launch(
                    "s" + i,
                    types[i % 3],
                    "agent-" + i % 5,
                    NOW.minusMillis(
                            (long) (random.nextDouble() * Duration.ofDays(15).toMillis())),
                    1_000 + random.nextInt(90_000),
                    random.nextDouble() > 0.1));
        }
        AnalysisRun full = run();
        records.forEach(full);

        AnalysisRun kept = run();
        records.subList(0, 1500).forEach(kept);
        kept.result();
        for (StartupRecord r : records.subList(1500, records.size())) {
            kept.accept(r);
            kept.result();
        }

        assertThat(kept.result()).isEqualTo(full.result());
        assertThat(kept.successfulTotalsMs()).containsExactlyInAnyOrder(full.successfulTotalsMs());
    }
}
