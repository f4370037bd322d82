package dev.fleetdeck.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.fleetdeck.config.AlertsConfig;
import dev.fleetdeck.drain.DrainPhase;
import dev.fleetdeck.drain.DrainRecord;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.startup.AnalysisReport;
import dev.fleetdeck.startup.StartupAnalyzer;
import dev.fleetdeck.startup.StartupRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final AlertsConfig config = AlertsConfig.defaults();

    /** Records arrive over time (held back until their moment); evaluations see those already made. */
    @Test
    void startupRulesFireOnceAndResolveOnceAsHeldBackRecordsArrive() {
        List<StartupRecord> all = new ArrayList<>();
        // 10:00-10:09 ten fast launches (20 s); 10:10-10:19 ten slow ones (150 s); 10:20-10:29 ten fast, the first
        // three failed.
        for (int i = 0; i < 10; i++) {
            all.add(record("fast-" + i, T0.plusSeconds(60L * i), 20_000, true));
            all.add(record("slow-" + i, T0.plusSeconds(600 + 60L * i), 150_000, true));
            all.add(record("late-" + i, T0.plusSeconds(1200 + 60L * i), 20_000, i >= 3));
        }
        AlertRules rules = new AlertRules(config, 95);
        AlertBook book = AlertBook.empty();
        List<String> log = new ArrayList<>();
        // Evaluate every five minutes from 10:05 to 12:30 over the last hour.
        for (Instant at = T0.plusSeconds(300);
                !at.isAfter(T0.plus(Duration.ofMinutes(150)));
                at = at.plusSeconds(300)) {
            Instant now = at;
            List<StartupRecord> seen = all.stream()
                    .filter(r -> !r.performance().provisioningStartedAt().isAfter(now))
                    .toList();
            AnalysisReport hour = lastHour(seen, now);
            AlertBook.Evaluation ev = book.evaluate(
                    rules.evaluate(facts(now, List.of(), List.of(), List.of(hour))), now, "test", List.of("hook"));
            book = ev.book();
            ev.changes()
                    .forEach(c -> log.add(c.status().json() + " " + c.alert().key() + " @" + now));
        }
        // By hand, over the hour before each evaluation (averages over ready launches, rates over all):
        // 10:20 avg (10x20 + 10x150)/20 = 85 s > 70: slow fires. 10:25 failures 3 of 26 = 11.5 % > 10 %: failing
        // fires. 10:30 avg (200 + 1500 + 7x20)/27 = 68 s and 3 of 30 = 10 % (not over): both resolve.
        // 11:00 fast-0 has left: 3 of 29 = 10.3 %: failing fires; avg 1820/26 = 70.0 s, not over.
        // 11:05 avg (4x20 + 1500 + 140)/21 = 82 s: slow fires. 11:15 slow-0..5 have left: 740/11 = 67 s: resolves.
        // 11:25 only four launches are left in the hour: too few to judge, failing resolves.
        assertThat(log)
                .containsExactly(
                        "firing startup.slow/1h @2026-12-01T10:20:00Z",
                        "firing startup.failing/1h @2026-12-01T10:25:00Z",
                        "resolved startup.slow/1h @2026-12-01T10:30:00Z",
                        "resolved startup.failing/1h @2026-12-01T10:30:00Z",
                        "firing startup.failing/1h @2026-12-01T11:00:00Z",
                        "firing startup.slow/1h @2026-12-01T11:05:00Z",
                        "resolved startup.slow/1h @2026-12-01T11:15:00Z",
                        "resolved startup.failing/1h @2026-12-01T11:25:00Z");
        assertThat(book.pending()).hasSize(log.size()); // one delivery per change for the one sink
    }

    @Test
    void anAgentIsOfflineOnlyAfterTheConfiguredRefreshesAndResolvesWhenBack() {
        AlertRules rules = new AlertRules(config, 95); // offlineAfter 3
        AlertBook book = AlertBook.empty();
        List<AgentState> states = List.of(
                AgentState.OFFLINE,
                AgentState.OFFLINE,
                AgentState.ENABLED,
                AgentState.OFFLINE,
                AgentState.OFFLINE,
                AgentState.OFFLINE,
                AgentState.OFFLINE,
                AgentState.ENABLED);
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            Instant at = T0.plusSeconds(2L * i);
            AlertBook.Evaluation ev = book.evaluate(
                    rules.evaluate(facts(at, List.of(agent("a2", states.get(i), 0.5)), List.of(), List.of())),
                    at,
                    "test",
                    List.of());
            book = ev.book();
            int n = i;
            ev.changes().forEach(c -> changes.add(n + " " + c.status().json()));
        }
        assertThat(changes).containsExactly("5 firing", "7 resolved");
    }

    @Test
    void ramOverTheCriticalThresholdAndDrainsPastTheirDeadlineOrFailed() {
        AlertRules rules = new AlertRules(config, 95);
        DrainRecord overdue = new DrainRecord(
                "a1",
                DrainPhase.DRAINING,
                "op",
                T0.minusSeconds(600),
                T0,
                T0.minusSeconds(5),
                null,
                List.of(),
                true,
                null);
        DrainRecord failed = new DrainRecord(
                "a3", DrainPhase.FAILED, "op", T0.minusSeconds(600), T0, null, null, List.of(), false, "hook exited 3");
        List<Alert> alerts = rules.evaluate(facts(
                T0,
                List.of(agent("a1", AgentState.DRAINING, 0.97), agent("a2", AgentState.ENABLED, 0.90)),
                List.of(overdue, failed),
                List.of()));
        assertThat(alerts)
                .extracting(Alert::key)
                .containsExactlyInAnyOrder("agent.ram/a1", "drain.deadline/a1", "drain.failed/a3");
        Alert ram = alerts.stream()
                .filter(a -> a.key().equals("agent.ram/a1"))
                .findFirst()
                .orElseThrow();
        assertThat(ram.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(ram.numbers().get("ramPercent")).isCloseTo(97.0, offset(0.01));
        assertThat(alerts.stream()
                        .filter(a -> a.key().equals("drain.failed/a3"))
                        .findFirst()
                        .orElseThrow()
                        .summary())
                .contains("hook exited 3");
    }

    @Test
    void aPoolIsShortOnlyAfterItsRefillTime() {
        AlertRules rules = new AlertRules(config, 95);
        FleetFacts.PoolFact shortPool = new FleetFacts.PoolFact("firefox", 1, 3, Duration.ofSeconds(60));
        assertThat(rules.evaluate(poolFacts(T0, shortPool))).isEmpty();
        assertThat(rules.evaluate(poolFacts(T0.plusSeconds(59), shortPool))).isEmpty();
        assertThat(rules.evaluate(poolFacts(T0.plusSeconds(61), shortPool)))
                .extracting(Alert::key)
                .containsExactly("pool.short/firefox");
        FleetFacts.PoolFact full = new FleetFacts.PoolFact("firefox", 3, 3, Duration.ofSeconds(60));
        assertThat(rules.evaluate(poolFacts(T0.plusSeconds(62), full))).isEmpty();
        assertThat(rules.evaluate(poolFacts(T0.plusSeconds(63), shortPool)))
                .isEmpty(); // short again: the clock restarts
    }

    @Test
    void aFiringAlertWhoseFiguresMoveDoesNotFireAgain() {
        AlertRules rules = new AlertRules(config, 95);
        AlertBook book = AlertBook.empty();
        book = book.evaluate(
                        rules.evaluate(facts(T0, List.of(agent("a1", AgentState.ENABLED, 0.96)), List.of(), List.of())),
                        T0,
                        "t",
                        List.of("s"))
                .book();
        AlertBook.Evaluation again = book.evaluate(
                rules.evaluate(
                        facts(T0.plusSeconds(2), List.of(agent("a1", AgentState.ENABLED, 0.98)), List.of(), List.of())),
                T0.plusSeconds(2),
                "t",
                List.of("s"));
        assertThat(again.changes()).isEmpty();
        assertThat(again.book().active().get("agent.ram/a1").since()).isEqualTo(T0);
        assertThat(again.book().active().get("agent.ram/a1").alert().numbers().get("ramPercent"))
                .isGreaterThan(97.9);
    }

    private FleetFacts poolFacts(Instant at, FleetFacts.PoolFact pool) {
        return new FleetFacts(at, List.of(), List.of(), List.of(), List.of(pool), Optional.empty());
    }

    private static FleetFacts facts(
            Instant at, List<AgentSnapshot> agents, List<DrainRecord> drains, List<AnalysisReport> hour) {
        return new FleetFacts(
                at,
                agents,
                hour.stream().map(r -> new FleetFacts.StartupWindow("1h", r)).toList(),
                drains,
                List.of(),
                Optional.empty());
    }

    private static AnalysisReport lastHour(List<StartupRecord> records, Instant now) {
        // The analyzer's window is in days; the hour is cut here, as the keeper's facts do.
        List<StartupRecord> hour = records.stream()
                .filter(r -> r.performance().provisioningStartedAt().isAfter(now.minus(Duration.ofHours(1))))
                .toList();
        return new StartupAnalyzer(Clock.fixed(now, ZoneOffset.UTC))
                .analyze(hour, AnalysisOptions.defaults().withDays(1));
    }

    static AgentSnapshot agent(String name, AgentState state, double memShare) {
        long total = 16L << 30;
        return new AgentSnapshot(
                name,
                "z",
                state,
                "20.10",
                8,
                total,
                8,
                total,
                1,
                (long) (total * memShare),
                0,
                0,
                0,
                List.of(),
                0,
                Duration.ofMillis(3),
                T0,
                state == AgentState.OFFLINE ? "connection refused" : null,
                null,
                null,
                null);
    }

    static StartupRecord record(String id, Instant at, long totalMs, boolean ready) {
        return new StartupRecord(
                id,
                "firefox",
                "u",
                "a1",
                "c-" + id,
                ready ? StartupRecord.Outcome.READY : StartupRecord.Outcome.FAILED,
                ready ? null : "not ready",
                false,
                List.of(),
                new StartupRecord.Performance(
                        at, 5, 5, totalMs / 2, totalMs / 2 - 10, totalMs, 3, 10, List.of(), "events"));
    }
}
