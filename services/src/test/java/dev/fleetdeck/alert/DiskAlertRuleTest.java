package dev.fleetdeck.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.fleetdeck.config.AlertsConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.DiskSettings;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.disk.DiskBudget;
import dev.fleetdeck.drain.JournalDrainStore;
import dev.fleetdeck.fleet.AgentDisk;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.HostFigures;
import dev.fleetdeck.fleet.HostMetrics;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk rule, fed as the evaluator feeds it: snapshots through {@link FleetFactsSource} and its budget. */
class DiskAlertRuleTest {
    private static final long GIB = 1L << 30;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final DiskBudget budget = new DiskBudget(
            new DiskSettings(Duration.ofMinutes(5), 80, 90),
            List.of(new WorkspaceType(
                    "kali", "k:1", 4, 8 * GIB, CpuAllocation.SHARES, 50, 0, null, Map.of(), 10 * GIB)));
    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<List<AgentSnapshot>> agents = new AtomicReference<>(List.of());

    @TempDir
    Path dir;

    private static AgentSnapshot agent(String name, int kaliSessions, AgentDisk disk, HostMetrics host) {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < kaliSessions; i++) {
            sessions.add(new Session(
                    "s" + i, "c" + i, name, "u", "kali", T0, "running", null, 0, 0, 4, 8 * GIB, false, false));
        }
        return new AgentSnapshot(
                name,
                "east",
                AgentState.ENABLED,
                "20.10",
                16,
                64 * GIB,
                16,
                64 * GIB,
                1,
                GIB,
                0,
                0,
                sessions.size(),
                sessions,
                0,
                Duration.ofMillis(1),
                T0,
                null,
                null,
                host,
                disk);
    }

    private static AgentDisk docker(long bytes) {
        return AgentDisk.read(new DockerDiskUsage(bytes - GIB, GIB, 0, 0, Map.of()), T0);
    }

    private FleetFactsSource source() throws Exception {
        return new FleetFactsSource(
                () -> new FleetSnapshot(clock.instant(), agents.get()),
                new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper()),
                AnalysisOptions.defaults(),
                new JournalDrainStore(dir.resolve("drains.jsonl"), Json.mapper()),
                List::of,
                type -> Duration.ofMinutes(2),
                Optional::empty,
                Duration.ofMinutes(5),
                clock,
                p -> {},
                budget);
    }

    @Test
    void diskOverItsThresholdFiresOnceWithTheNumbersAndResolvesOnce() throws Exception {
        FleetFactsSource facts = source();
        AlertRules rules = new AlertRules(AlertsConfig.defaults(), 95);
        AlertBook book = AlertBook.empty();
        // Two kali sessions: a budget of 100 GiB. Docker's use in GiB at each evaluation, and a1's
        // second figure a stale one (its read failed) that must neither resolve nor re-fire.
        long[] used = {50, 79, 85, 87, 93, 93, 88, 70, 70, 95};
        List<String> log = new ArrayList<>();
        List<Alert> seen = new ArrayList<>();
        for (int i = 0; i < used.length; i++) {
            AgentDisk disk = docker(used[i] * GIB);
            if (i == 5) {
                disk = disk.failed("a1: no answer within 60 s (unix:///a1.sock)");
            }
            agents.set(List.of(
                    agent("a1", 2, disk, HostMetrics.NOT_CONFIGURED),
                    agent("a2", 0, docker(10 * GIB), HostMetrics.NOT_CONFIGURED)));
            AlertBook.Evaluation ev =
                    book.evaluate(rules.evaluate(facts.get()), clock.instant(), "test", List.of("hook"));
            book = ev.book();
            int n = i;
            ev.changes()
                    .forEach(c -> log.add(n + " " + c.status().json() + " "
                            + c.alert().key() + " " + c.alert().severity()));
            book.active().values().forEach(a -> seen.add(a.alert()));
            clock.advance(Duration.ofSeconds(2));
        }
        // 85 % warns; 93 % makes it critical under the same key (no second firing), 88 % a warning again; below 80
        // it resolves (with the last figures: a warning); 95 % fires again.
        assertThat(log)
                .containsExactly(
                        "2 firing agent.disk/a1 WARNING",
                        "7 resolved agent.disk/a1 WARNING",
                        "9 firing agent.disk/a1 CRITICAL");
        Alert critical = seen.get(2);
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.agent()).isEqualTo("a1");
        assertThat(critical.summary())
                .isEqualTo(
                        "a1: Docker uses 93.0 % of the disk budget (93.0 GiB of 100.0 GiB: 80 GiB"
                                + " + its sessions' diskPerSession), over the critical 90 % — images and sessions' writes fail when it is full");
        assertThat(critical.numbers())
                .containsOnlyKeys(
                        "diskPercent",
                        "thresholdPercent",
                        "dockerBytes",
                        "budgetBytes",
                        "filesystemUsedBytes",
                        "filesystemTotalBytes");
        assertThat(critical.numbers().get("diskPercent")).isCloseTo(93.0, offset(1e-9));
        assertThat(critical.numbers().get("thresholdPercent")).isEqualTo(90.0);
        assertThat(critical.numbers().get("budgetBytes")).isEqualTo(100.0 * GIB);
        assertThat(seen.get(3).summary())
                .endsWith("(last figure; the latest read failed: a1: no answer within 60 s" + " (unix:///a1.sock))");
        assertThat(seen.get(0).numbers().get("thresholdPercent")).isEqualTo(80.0);
    }

    @Test
    void aFullFilesystemAlertsEvenWhenDockerIsWithinItsBudget() throws Exception {
        HostMetrics fs = HostMetrics.prometheus(new HostFigures(5, GIB, 64 * GIB, 470 * GIB, 500 * GIB, T0));
        agents.set(List.of(
                agent("a1", 0, docker(20 * GIB), fs), agent("a2", 0, AgentDisk.NOT_READ, HostMetrics.NOT_CONFIGURED)));
        List<Alert> alerts = new AlertRules(AlertsConfig.defaults(), 95).evaluate(source().get());
        assertThat(alerts).extracting(Alert::key).containsExactly("agent.disk/a1"); // a2: nothing read, nothing judged
        assertThat(alerts.get(0).summary())
                .startsWith("a1: the filesystem of its Docker data root is 94.0 % full"
                        + " (470.0 GiB of 500.0 GiB), over the critical 90 %");
        assertThat(alerts.get(0).numbers().get("filesystemTotalBytes")).isEqualTo(500.0 * GIB);
    }

    @Test
    void withoutABudgetThereAreNoDiskFacts() throws Exception {
        agents.set(List.of(agent("a1", 0, docker(79 * GIB), HostMetrics.NOT_CONFIGURED)));
        FleetFactsSource none = new FleetFactsSource(
                () -> new FleetSnapshot(clock.instant(), agents.get()),
                new JournalStartupStore(dir.resolve("s.jsonl"), Json.mapper()),
                AnalysisOptions.defaults(),
                new JournalDrainStore(dir.resolve("d.jsonl"), Json.mapper()),
                List::of,
                type -> Duration.ofMinutes(2),
                Optional::empty,
                Duration.ofMinutes(5),
                clock,
                p -> {});
        assertThat(none.get().disks()).isEmpty();
        assertThat(source().get().disks()).singleElement().satisfies(d -> {
            assertThat(d.verdict().percent()).isCloseTo(98.75, offset(1e-9)); // 79 of 80 GiB
            assertThat(d.thresholdPercent()).isEqualTo(90.0);
        });
    }
}
