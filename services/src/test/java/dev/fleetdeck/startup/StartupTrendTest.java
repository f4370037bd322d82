package dev.fleetdeck.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Trend buckets against a computation of their own: grouping by truncated instants, sorting lists. */
class StartupTrendTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String[] TYPES = {"firefox", "kali", "vscode"};

    /** Eight days of launches; the day 3 days back has only failures, the day 5 days back none. */
    private static List<StartupRecord> records() {
        SplittableRandom random = new SplittableRandom(19);
        List<StartupRecord> out = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Instant at = NOW.minusMillis(
                    (long) (random.nextDouble() * Duration.ofDays(8).toMillis()));
            long daysBack = ChronoUnit.DAYS.between(at.truncatedTo(ChronoUnit.DAYS), NOW.truncatedTo(ChronoUnit.DAYS));
            if (daysBack == 5) {
                continue;
            }
            boolean ready = daysBack != 3 && random.nextDouble() > 0.08;
            out.add(AnalysisFixtures.launch(
                    "s" + i, TYPES[i % 3], "agent-" + (i % 4), at, 5_000 + random.nextInt(80_000), ready));
        }
        return out;
    }

    private static AnalysisRun run(TrendUnit unit, String type, String agent) {
        AnalysisOptions options = AnalysisOptions.defaults().withType(type);
        return AnalysisRun.over(new StartupAnalyzer(CLOCK).accumulator(options), unit, agent);
    }

    /** numpy's default percentile over a sorted list, written out again. */
    private static double percentile(List<Long> sorted, double p) {
        double rank = p / 100 * (sorted.size() - 1);
        int lo = (int) rank;
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
    }

    private static List<TrendBucket> expected(List<StartupRecord> records, ChronoUnit unit, String type, String agent) {
        Instant since = NOW.minus(Duration.ofDays(7));
        Map<Instant, List<StartupRecord>> groups = new TreeMap<>();
        for (Instant t = since.truncatedTo(unit); !t.isAfter(NOW); t = t.plus(1, unit)) {
            groups.put(t, new ArrayList<>());
        }
        for (StartupRecord r : records) {
            Instant at = r.performance().provisioningStartedAt();
            if (!at.isBefore(since)
                    && (type == null || type.equals(r.workspaceType()))
                    && (agent == null || agent.equals(r.agent()))) {
                groups.get(at.truncatedTo(unit)).add(r);
            }
        }
        List<TrendBucket> out = new ArrayList<>();
        groups.forEach((start, rs) -> {
            List<Long> ok = rs.stream()
                    .filter(StartupRecord::ready)
                    .map(r -> r.performance().totalStartupTimeMs())
                    .sorted()
                    .toList();
            long failures = (long) rs.size() - ok.size();
            long within = ok.stream().filter(ms -> ms < 60_000).count();
            out.add(new TrendBucket(
                    start,
                    rs.size(),
                    failures,
                    rs.isEmpty() ? 0 : (double) failures / rs.size(),
                    ok.isEmpty() ? 0 : percentile(ok, 50),
                    ok.isEmpty() ? 0 : percentile(ok, 95),
                    ok.isEmpty() ? 0 : 100.0 * within / ok.size()));
        });
        return out;
    }

    private static void sameBuckets(List<TrendBucket> actual, List<TrendBucket> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            TrendBucket a = actual.get(i);
            TrendBucket e = expected.get(i);
            assertThat(a.start()).isEqualTo(e.start());
            assertThat(a.launches()).as(a.start().toString()).isEqualTo(e.launches());
            assertThat(a.failures()).as(a.start().toString()).isEqualTo(e.failures());
            assertThat(a.failureRate()).isCloseTo(e.failureRate(), within(1e-12));
            assertThat(a.medianMs()).as(a.start().toString()).isCloseTo(e.medianMs(), within(1e-6));
            assertThat(a.p95Ms()).as(a.start().toString()).isCloseTo(e.p95Ms(), within(1e-6));
            assertThat(a.withinTargetPct()).isCloseTo(e.withinTargetPct(), within(1e-9));
        }
    }

    @Test
    void dailyBucketsMatchAnIndependentCountIncludingAFailuresOnlyDayAndAnEmptyDay() {
        List<StartupRecord> records = records();
        AnalysisRun run = run(TrendUnit.DAY, null, null);
        records.forEach(run);
        List<TrendBucket> trend = run.result().trend();

        sameBuckets(trend, expected(records, ChronoUnit.DAYS, null, null));
        assertThat(trend).hasSize(8); // 2026-11-13 (from 12:30) to 2026-11-20
        TrendBucket failuresOnly = trend.get(trend.size() - 4);
        assertThat(failuresOnly.start()).isEqualTo(Instant.parse("2026-11-17T00:00:00Z"));
        assertThat(failuresOnly.launches()).isPositive().isEqualTo(failuresOnly.failures());
        assertThat(failuresOnly.failureRate()).isEqualTo(1.0);
        assertThat(failuresOnly.p95Ms()).isZero();
        TrendBucket empty = trend.get(trend.size() - 6);
        assertThat(empty).isEqualTo(new TrendBucket(Instant.parse("2026-11-15T00:00:00Z"), 0, 0, 0, 0, 0, 0));
    }

    @Test
    void hourlyBucketsByTypeAndAgentMatchAnIndependentCount() {
        List<StartupRecord> records = records();
        AnalysisRun run = run(TrendUnit.HOUR, "kali", "agent-1");
        records.forEach(run);
        List<TrendBucket> trend = run.result().trend();

        sameBuckets(trend, expected(records, ChronoUnit.HOURS, "kali", "agent-1"));
        assertThat(trend).hasSize(7 * 24 + 1);
        assertThat(trend.stream().mapToLong(TrendBucket::launches).sum())
                .isEqualTo(run.result().report().count());
    }

    @Test
    void anUnknownUnitNamesTheUnitsThereAre() {
        Assertions.assertThatThrownBy(() -> TrendUnit.parse("week"))
                .hasMessage("unknown trend unit 'week': use one of day, hour");
        assertThat(TrendUnit.parse(" Hour ")).isEqualTo(TrendUnit.HOUR);
    }
}
