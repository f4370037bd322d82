package dev.fleetdeck.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.startup.AnalysisReport.Alert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The regression alert: a type whose P95 this week is 20 % or more above the week before. */
class WeekOverWeekTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private static List<Alert> alerts(long kaliBeforeMs, long kaliNowMs, long firefoxBeforeMs, long firefoxNowMs) {
        AnalysisRun run = AnalysisRun.over(
                new StartupAnalyzer(Clock.fixed(NOW, ZoneOffset.UTC)).accumulator(AnalysisOptions.defaults()),
                null,
                null);
        for (int i = 0; i < 20; i++) {
            Instant lastWeek = NOW.minus(Duration.ofDays(10)).plusSeconds(i * 600L);
            Instant thisWeek = NOW.minus(Duration.ofDays(2)).plusSeconds(i * 600L);
            run.accept(AnalysisFixtures.launch("k" + i, "kali", "a", lastWeek, kaliBeforeMs, true));
            run.accept(AnalysisFixtures.launch("K" + i, "kali", "a", thisWeek, kaliNowMs, true));
            run.accept(AnalysisFixtures.launch("f" + i, "firefox", "a", lastWeek, firefoxBeforeMs, true));
            run.accept(AnalysisFixtures.launch("F" + i, "firefox", "a", thisWeek, firefoxNowMs, true));
        }
        return run.result().report().alerts().stream()
                .filter(a -> a.message().contains("getting slower"))
                .toList();
    }

    @Test
    void aTypeWhoseP95RoseByAFifthIsNamedWithBothFigures() {
        List<Alert> alerts = alerts(40_000, 48_000, 20_000, 21_000);

        assertThat(alerts)
                .containsExactly(new Alert(
                        Alert.Level.WARNING,
                        "kali startup is getting slower: P95 48.0 s this week, 20 % above 40.0 s the week before"));
    }

    @Test
    void aSmallerRiseOrAFallIsNoAlert() {
        assertThat(alerts(40_000, 47_900, 20_000, 15_000)).isEmpty();
    }
}
