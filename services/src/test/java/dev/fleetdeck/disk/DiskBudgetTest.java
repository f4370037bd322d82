package dev.fleetdeck.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.DiskSettings;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentDisk;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.HostFigures;
import dev.fleetdeck.fleet.HostMetrics;
import dev.fleetdeck.fleet.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiskBudgetTest {
    private static final long GIB = 1L << 30;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final DiskBudget budget = new DiskBudget(
            new DiskSettings(Duration.ofMinutes(5), 80, 90),
            List.of(
                    new WorkspaceType("kali", "k:1", 4, 8 * GIB, CpuAllocation.SHARES, 50, 0, null, Map.of(), 10 * GIB),
                    new WorkspaceType(
                            "firefox", "f:1", 2, 4 * GIB, CpuAllocation.SHARES, 30, 0, null, Map.of(), 2 * GIB),
                    new WorkspaceType("burp", "b:1", 2, 4 * GIB, CpuAllocation.SHARES, 45)));

    static Session session(String type, int i) {
        return new Session(
                "s-" + type + i, "c-" + type + i, "a1", "u", type, T0, "running", null, 0, 0, 1, GIB, false, false);
    }

    static AgentSnapshot agent(List<Session> sessions, AgentDisk disk, HostMetrics host) {
        return new AgentSnapshot(
                "a1",
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

    static AgentDisk docker(long bytes) {
        return AgentDisk.read(new DockerDiskUsage(bytes, 0, 0, 0, Map.of()), T0);
    }

    @Test
    void theBudgetIsEightyGibPlusEachSessionsDiskPerSession() {
        List<Session> sessions = new ArrayList<>();
        assertThat(budget.budgetOf(sessions)).isEqualTo(80 * GIB);
        sessions.add(session("kali", 1));
        sessions.add(session("kali", 2));
        sessions.add(session("firefox", 1));
        sessions.add(session("burp", 1)); // states no diskPerSession: adds nothing
        sessions.add(session("gone", 1)); // a type no longer in the catalog: nothing either
        assertThat(budget.budgetOf(sessions)).isEqualTo((80 + 10 + 10 + 2) * GIB);
    }

    @Test
    void dockersUseAgainstTheBudgetDecidesWithoutAFilesystem() {
        List<Session> two = List.of(session("kali", 1), session("kali", 2)); // budget 100 GiB
        DiskVerdict v = budget.judge(agent(two, docker(85 * GIB), HostMetrics.NOT_CONFIGURED));
        assertThat(v.budgetBytes()).isEqualTo(100 * GIB);
        assertThat(v.percent()).isCloseTo(85, within(1e-9));
        assertThat(v.byFilesystem()).isFalse();
        assertThat(v.level()).isEqualTo(DiskLevel.WARNING);
        assertThat(budget.judge(agent(two, docker(80 * GIB), HostMetrics.NOT_CONFIGURED))
                        .level())
                .isEqualTo(DiskLevel.OK); // at the threshold is not over it
        assertThat(budget.judge(agent(two, docker(91 * GIB), HostMetrics.NOT_CONFIGURED))
                        .level())
                .isEqualTo(DiskLevel.CRITICAL);
        // Over its budget: more than 100 %, still critical.
        assertThat(budget.judge(agent(List.of(), docker(120 * GIB), HostMetrics.NOT_CONFIGURED))
                        .percent())
                .isCloseTo(150, within(1e-9));
    }

    @Test
    void theFullerOfFilesystemAndBudgetDecides() {
        HostMetrics fs = HostMetrics.prometheus(new HostFigures(10, GIB, 64 * GIB, 460 * GIB, 500 * GIB, T0));
        // Docker's 40 GiB of its 80 GiB budget is 50 %; the filesystem is 92 % full (other things fill it).
        DiskVerdict v = budget.judge(agent(List.of(), docker(40 * GIB), fs));
        assertThat(v.byFilesystem()).isTrue();
        assertThat(v.percent()).isCloseTo(92, within(1e-9));
        assertThat(v.budgetPercent()).isCloseTo(50, within(1e-9));
        assertThat(v.level()).isEqualTo(DiskLevel.CRITICAL);
        assertThat(v.undersized()).isFalse();

        HostMetrics small = HostMetrics.prometheus(new HostFigures(10, GIB, 64 * GIB, 20 * GIB, 60 * GIB, T0));
        DiskVerdict under = budget.judge(agent(List.of(), docker(70 * GIB), small));
        assertThat(under.byFilesystem()).isFalse(); // 87.5 % of the budget beats 33 % of the filesystem
        assertThat(under.level()).isEqualTo(DiskLevel.WARNING);
        assertThat(under.undersized()).isTrue(); // 60 GiB is less than the guide's 80 GiB
    }

    @Test
    void nothingReadIsUnknownAndAStaleReadingIsStillJudged() {
        assertThat(budget.judge(agent(List.of(), AgentDisk.NOT_READ, HostMetrics.NOT_CONFIGURED))
                        .level())
                .isEqualTo(DiskLevel.UNKNOWN);
        assertThat(budget.judge(agent(
                                List.of(),
                                AgentDisk.NOT_READ.failed("a1: no answer within 60 s"),
                                HostMetrics.NOT_CONFIGURED))
                        .dockerKnown())
                .isFalse();
        // A filesystem alone is enough to judge.
        HostMetrics fs = HostMetrics.prometheus(new HostFigures(10, GIB, 64 * GIB, 85 * GIB, 100 * GIB, T0));
        assertThat(budget.judge(agent(List.of(), AgentDisk.NOT_READ, fs)).level())
                .isEqualTo(DiskLevel.WARNING);
        AgentDisk stale = docker(95 * GIB).failed("a1: no answer within 60 s");
        assertThat(budget.judge(agent(List.of(), stale, HostMetrics.NOT_CONFIGURED))
                        .level())
                .isEqualTo(DiskLevel.CRITICAL);
    }
}
