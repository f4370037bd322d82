package dev.fleetdeck.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.startup.AnalysisReport.Alert;
import dev.fleetdeck.startup.AnalysisReport.Status;
import dev.fleetdeck.startup.StartupRecord.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupAnalyzerTest {
    static final Instant NOW = Instant.parse("2026-01-20T12:00:00Z");
    static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));
    private final StartupAnalyzer analyzer = new StartupAnalyzer(Clock.fixed(NOW, ZoneOffset.UTC));
    private final AnalysisOptions defaults = AnalysisOptions.defaults();

    /** A launch whose total is the sum of its phases. */
    static StartupRecord launch(
            String type,
            String agent,
            boolean ready,
            Instant at,
            long quota,
            long placement,
            long create,
            long monitoring) {
        return launch(
                type, agent, ready, at, quota, placement, create, monitoring, quota + placement + create + monitoring);
    }

    static StartupRecord launch(
            String type,
            String agent,
            boolean ready,
            Instant at,
            long quota,
            long placement,
            long create,
            long monitoring,
            long total) {
        var perf =
                new StartupRecord.Performance(at, quota, placement, create, monitoring, total, 5, 100, null, "polling");
        return new StartupRecord(
                "s-" + type + "-" + agent,
                type,
                "u",
                agent,
                "c",
                ready ? Outcome.READY : Outcome.FAILED,
                ready ? null : "boom",
                false,
                null,
                perf);
    }

    static StartupRecord ready(String type, String agent, long total) {
        // Phases: quota 200, placement 0, creation and monitoring split the rest 2:1 — session creation dominant.
        long rest = total - 200;
        return launch(type, agent, true, HOUR_AGO, 200, 0, rest - rest / 3, rest / 3, total);
    }

    static StartupRecord failed(String type, String agent) {
        return launch(type, agent, false, HOUR_AGO, 200, 10, 5_000, 0);
    }

    @Test
    void stagedLaunchesAreCountedSoTheirShortTimesAreNotMistakenForFastColdStarts() {
        StartupRecord cold = ready("firefox", "a1", 20_000);
        StartupRecord claim = new StartupRecord(
                "s-staged",
                "firefox",
                "u",
                "a1",
                "c",
                Outcome.READY,
                null,
                true,
                null,
                new StartupRecord.Performance(HOUR_AGO, 200, 40, 0, 0, 240, 0, 0, null, "staged"));
        StartupRecord failedStaged = new StartupRecord(
                "s-f",
                "firefox",
                "u",
                "a1",
                "c",
                Outcome.FAILED,
                "gone",
                true,
                null,
                new StartupRecord.Performance(HOUR_AGO, 200, 40, 0, 0, 240, 0, 0, null, "staged"));

        var r = analyzer.analyze(List.of(cold, claim, failedStaged), defaults);

        assertThat(r.successful()).isEqualTo(2);
        assertThat(r.staged()).as("only successful staged launches").isEqualTo(1);
        assertThat(r.stagedPct()).isEqualTo(50.0);
        assertThat(new ReportText().render(r, false)).contains("  staged                 1   (50.0 % of successful");
        var split = analyzer.accumulator(defaults);
        var other = split.emptyCopy();
        split.accept(cold);
        other.accept(claim);
        split.merge(other);
        assertThat(split.report().staged()).as("merged from parallel reads").isEqualTo(1);
    }

    @Test
    void anEmptyWindowHasZeroFiguresAndSaysSo() {
        // One launch eight days ago: outside a seven-day window.
        var r = analyzer.analyze(
                List.of(launch("kali", "a1", true, NOW.minus(Duration.ofDays(8)), 1, 1, 1, 1)), defaults);

        assertThat(r.status()).isEqualTo(Status.EMPTY);
        assertThat(r.status().note()).isEqualTo("no launches in window");
        assertThat(r.count()).isZero();
        assertThat(r.excluded()).isEqualTo(1);
        assertThat(List.of(r.failureRate(), r.avgMs(), r.medianMs(), r.p95Ms(), r.p99Ms(), r.withinTargetPct()))
                .containsOnly(0.0);
        assertThat(r.phases()).allSatisfy(p -> {
            assertThat(p.avgMs()).isZero();
            assertThat(p.sharePct()).isZero();
        });
        assertThat(r.byType()).isEmpty();
        assertThat(r.bottlenecks().phasesByCost()).isEmpty();
        assertThat(r.alerts()).isEmpty();
        assertThat(r.recommendations()).isEmpty();
    }

    @Test
    void aSingleLaunchIsItsOwnAverageAndEveryPercentile() {
        var r = analyzer.analyze(List.of(launch("kali", "a1", true, HOUR_AGO, 250, 12, 15_000, 30_000)), defaults);

        // total = 250 + 12 + 15 000 + 30 000 = 45 262
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.count()).isEqualTo(1);
        assertThat(List.of(r.avgMs(), r.medianMs(), r.p95Ms(), r.p99Ms())).containsOnly(45_262.0);
        assertThat(r.withinTargetPct()).isEqualTo(100.0);
        // Shares of 45 262: quota 250 → 0.552 %, placement 12 → 0.027 %, creation 15 000 → 33.141 %,
        // monitoring 30 000 → 66.281 %.
        assertThat(r.phase(Phase.QUOTA_CHECK).sharePct()).isCloseTo(0.552, within(0.001));
        assertThat(r.phase(Phase.PLACEMENT).sharePct()).isCloseTo(0.027, within(0.001));
        assertThat(r.phase(Phase.SESSION_CREATE).sharePct()).isCloseTo(33.141, within(0.001));
        assertThat(r.phase(Phase.MONITORING).sharePct()).isCloseTo(66.281, within(0.001));
        assertThat(r.phase(Phase.MONITORING).avgMs()).isEqualTo(30_000.0);
        var kali = r.type("kali").orElseThrow();
        // kali's target is the guide's 50 s; 45.262 s is under it.
        assertThat(kali.targetMs()).isEqualTo(50_000);
        assertThat(kali.withinTypeTargetPct()).isEqualTo(100.0);
    }

    @Test
    void allFailedLaunchesGiveRatesButNoTimings() {
        var r = analyzer.analyze(List.of(failed("kali", "a1"), failed("kali", "a2"), failed("vscode", null)), defaults);

        assertThat(r.status()).isEqualTo(Status.NO_SUCCESSFUL);
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.failures()).isEqualTo(3);
        assertThat(r.failureRate()).isEqualTo(1.0);
        assertThat(List.of(r.avgMs(), r.medianMs(), r.p95Ms(), r.p99Ms(), r.withinTargetPct()))
                .containsOnly(0.0);
        assertThat(r.agent(AnalysisReport.AgentStats.UNPLACED).orElseThrow().failures())
                .isEqualTo(1);
        assertThat(r.alerts())
                .containsExactly(
                        new Alert(Alert.Level.CRITICAL, "failure rate 100.0 % (3 of 3 launches) is over 10.0 %"));
    }

    @Test
    void theWindowStartsExactlyDaysBeforeNowAndLaterStampsAreKept() {
        Instant since = NOW.minus(Duration.ofDays(7)); // 2026-01-13T12:00:00Z
        var r = analyzer.analyze(
                List.of(
                        launch("kali", "a1", true, since, 0, 0, 10_000, 0), // at the edge: in
                        launch("kali", "a1", true, since.minusMillis(1), 0, 0, 99_000, 0), // 1 ms before: out
                        launch("kali", "a1", true, NOW.plusSeconds(30), 0, 0, 20_000, 0)), // skewed clock: in
                defaults);

        assertThat(r.count()).isEqualTo(2);
        assertThat(r.excluded()).isEqualTo(1);
        assertThat(r.avgMs()).isEqualTo(15_000.0); // (10 000 + 20 000) / 2
        assertThat(r.window().from()).isEqualTo(since);
        assertThat(r.window().to()).isEqualTo(NOW);
    }

    @Test
    void aShorterWindowAndATypeFilterNarrowTheLaunches() {
        List<StartupRecord> records = List.of(
                launch("kali", "a1", true, NOW.minus(Duration.ofDays(2)), 0, 0, 40_000, 0),
                launch("kali", "a1", true, NOW.minus(Duration.ofHours(5)), 0, 0, 50_000, 0),
                launch("KALI", "a2", false, NOW.minus(Duration.ofHours(3)), 0, 0, 1_000, 0),
                launch("vscode", "a1", true, NOW.minus(Duration.ofHours(2)), 0, 0, 30_000, 0));

        var r = analyzer.analyze(records, defaults.withDays(1).withType("kali"));

        // In one day: the 50 000 ms kali and the failed KALI (type compared ignoring case).
        assertThat(r.count()).isEqualTo(2);
        assertThat(r.excluded()).isEqualTo(2);
        assertThat(r.failureRate()).isEqualTo(0.5);
        assertThat(r.avgMs()).isEqualTo(50_000.0);
        assertThat(r.window().workspaceType()).isEqualTo("kali");
    }

    @Test
    void percentilesAndPerTypeFiguresComeFromSuccessfulLaunchesOnly() {
        // kali totals 40 000, 50 000, 50 000, 70 000, plus one failure.
        var r = analyzer.analyze(
                List.of(
                        ready("kali", "a1", 40_000),
                        ready("kali", "a2", 50_000),
                        ready("kali", "a1", 50_000),
                        ready("kali", "a2", 70_000),
                        failed("kali", "a1")),
                defaults);

        // avg = 210 000 / 4 = 52 500. Median: rank 1.5 → 50 000. P95: rank 2.85 → 50 000 + 0.85 × 20 000 = 67 000.
        // P99: rank 2.97 → 50 000 + 0.97 × 20 000 = 69 400. Under 60 s: 3 of 4 = 75 %. Under kali's 50 s: 1 of 4 = 25
        // %.
        assertThat(r.avgMs()).isEqualTo(52_500.0);
        assertThat(r.medianMs()).isEqualTo(50_000.0);
        assertThat(r.p95Ms()).isCloseTo(67_000.0, within(1e-6));
        assertThat(r.p99Ms()).isCloseTo(69_400.0, within(1e-6));
        assertThat(r.withinTargetPct()).isEqualTo(75.0);
        assertThat(r.failureRate()).isEqualTo(0.2); // 1 of 5
        var kali = r.type("kali").orElseThrow();
        assertThat(kali.count()).isEqualTo(5);
        assertThat(kali.medianMs()).isEqualTo(50_000.0);
        assertThat(kali.withinTypeTargetPct()).isEqualTo(25.0);
        assertThat(kali.failureRate()).isEqualTo(0.2);
        // a1: 3 launches, 1 failed; average over its 2 successes (40 000 + 50 000) / 2 = 45 000.
        var a1 = r.agent("a1").orElseThrow();
        assertThat(a1.count()).isEqualTo(3);
        assertThat(a1.failureRate()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(a1.avgMs()).isEqualTo(45_000.0);
    }

    @Test
    void phasesAreRankedByTheTimeTheyCostAndGroupsByTheirAverage() {
        var r = analyzer.analyze(
                List.of(
                        launch("firefox", "a1", true, HOUR_AGO, 300, 20, 10_000, 5_000),
                        launch("kali", "a2", true, HOUR_AGO, 100, 40, 30_000, 9_000),
                        launch("kali", "a2", false, HOUR_AGO, 999, 999, 999_999, 999_999)),
                defaults);

        // Successful only. Sums: quota 400, placement 60, creation 40 000, monitoring 14 000; all 54 460.
        // Averages over 2: 200, 30, 20 000, 7 000. Shares: 0.734 %, 0.110 %, 73.448 %, 25.707 %.
        assertThat(r.phase(Phase.QUOTA_CHECK).avgMs()).isEqualTo(200.0);
        assertThat(r.phase(Phase.PLACEMENT).avgMs()).isEqualTo(30.0);
        assertThat(r.phase(Phase.SESSION_CREATE).avgMs()).isEqualTo(20_000.0);
        assertThat(r.phase(Phase.MONITORING).avgMs()).isEqualTo(7_000.0);
        assertThat(r.phase(Phase.SESSION_CREATE).sharePct()).isCloseTo(73.448, within(0.001));
        assertThat(r.phase(Phase.MONITORING).sharePct()).isCloseTo(25.707, within(0.001));
        assertThat(r.phases().stream()
                        .mapToDouble(AnalysisReport.PhaseStats::sharePct)
                        .sum())
                .isCloseTo(100.0, within(1e-9));
        assertThat(r.bottlenecks().phasesByCost())
                .extracting(AnalysisReport.PhaseStats::phase)
                .containsExactly(Phase.SESSION_CREATE, Phase.MONITORING, Phase.QUOTA_CHECK, Phase.PLACEMENT);
        // a2 averaged 39 140 ms, a1 15 320 ms.
        assertThat(r.bottlenecks().slowestAgents())
                .extracting(AnalysisReport.GroupAverage::name)
                .containsExactly("a2", "a1");
        assertThat(r.bottlenecks().slowestTypes().get(0).avgMs()).isEqualTo(39_140.0);
        assertThat(r.agent("a2").orElseThrow().avgSessionCreateMs()).isEqualTo(30_000.0);
    }

    @Test
    void anAverageOfExactlyTheWarningThresholdIsNotOverIt() {
        var at = analyzer.analyze(List.of(ready("x", "a1", 70_000)), defaults);
        var over = analyzer.analyze(List.of(ready("x", "a1", 70_000), ready("x", "a1", 70_002)), defaults);

        assertThat(at.alerts()).isEmpty();
        // (70 000 + 70 002) / 2 = 70 001 > 70 000
        assertThat(over.alerts())
                .containsExactly(new Alert(Alert.Level.WARNING, "average startup 70.0 s is over 70.0 s"));
    }

    @Test
    void aFailureRateOfExactlyTheCriticalRateIsNotOverIt() {
        List<StartupRecord> tenPercent = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            tenPercent.add(ready("x", "a" + i, 30_000));
        }
        tenPercent.add(failed("x", "a0"));
        List<StartupRecord> justOver = new ArrayList<>(tenPercent.subList(1, 10)); // 8 ready + 1 failed

        assertThat(analyzer.analyze(tenPercent, defaults).alerts()).isEmpty(); // 1 / 10 = 0.10
        // 1 / 9 = 11.1 %
        assertThat(analyzer.analyze(justOver, defaults).alerts())
                .containsExactly(
                        new Alert(Alert.Level.CRITICAL, "failure rate 11.1 % (1 of 9 launches) is over 10.0 %"));
    }

    @Test
    void thresholdsAreOptions() {
        var r = analyzer.analyze(
                List.of(ready("x", "a1", 30_000), failed("x", "a1")), defaults.withThresholds(20_000, 0.6));
        // avg 30 000 > 20 000 → warning; failure rate 0.5 ≤ 0.6 → no critical.
        assertThat(r.alerts()).extracting(Alert::level).containsExactly(Alert.Level.WARNING);
    }

    @Test
    void typeTargetsComeFromTheCatalogThenTheGuideThenTheGlobalTarget() {
        var catalog = List.of(
                new WorkspaceType("kali", "kasmweb/kali", 4, 8L << 30, CpuAllocation.QUOTAS, 55),
                new WorkspaceType("desk", "kasmweb/desk", 2, 4L << 30, CpuAllocation.SHARES, 0));
        var options = defaults.withCatalog(catalog);

        assertThat(options.targetMsFor("kali")).isEqualTo(55_000); // catalog wins over the guide's 50
        assertThat(options.targetMsFor("Firefox")).isEqualTo(30_000); // the guide's
        assertThat(options.targetMsFor("desk")).isEqualTo(60_000); // catalog without a target: global
        assertThat(options.targetMsFor("unheard-of")).isEqualTo(60_000);
    }

    @Test
    void theAccumulatorReportsAtAnyPointAndKeepsCounting() {
        var acc = analyzer.accumulator(defaults);
        acc.accept(ready("kali", "a1", 40_000));
        var first = acc.report();
        acc.accept(ready("kali", "a1", 20_000));
        acc.accept(null);

        assertThat(first.medianMs()).isEqualTo(40_000.0);
        assertThat(acc.report().medianMs()).isEqualTo(30_000.0);
        assertThat(acc.report().excluded()).isEqualTo(1);
    }
}
