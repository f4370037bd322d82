package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The sizing guide's table ("Workspace Specs / Agent Size / Agent Overrides / Concurrent
 * Sessions", seeds/sizing-and-deployment-guide.txt) and the prose under it. The text copy of the
 * table lost its last column; the session counts here are what the guide's rule gives for each
 * row: 8, 20, 48. "GB" in the guide is taken as GiB, as Docker sizes are.
 */
class CapacityTest {

    private static final long GB = 1L << 30;

    @Test
    void guideRow1_noOverride_16cpu64gb_2core4gbWorkspace_8SessionsLimitedByCpu() {
        CapacityResult result = Capacity.of(16, 64 * GB, 0, 0).sessionsFor(2, 4 * GB);
        assertThat(result).isEqualTo(new CapacityResult(8, "cpu", 8, 16));
    }

    @Test
    void guideProse_cpuOverriddenTo32_twiceAsManySessions_tieSaysCpu() {
        // "could potentially handle twice as many sessions if the CPUs were overridden to 32"
        CapacityResult result = Capacity.of(16, 64 * GB, 32, 0).sessionsFor(2, 4 * GB);
        assertThat(result).isEqualTo(new CapacityResult(16, "cpu", 16, 16));
    }

    @Test
    void guideRow2_overrides96cpu80gb_4core4gbWorkspace_20SessionsLimitedByRam() {
        CapacityResult result = Capacity.of(16, 64 * GB, 96, 80 * GB).sessionsFor(4, 4 * GB);
        assertThat(result).isEqualTo(new CapacityResult(20, "ram", 24, 20));
    }

    @Test
    void guideRow3_overrides192cpu192gbOn32cpu128gb_4core4gbWorkspace_48Sessions() {
        CapacityResult result = Capacity.of(32, 128 * GB, 192, 192 * GB).sessionsFor(4, 4 * GB);
        assertThat(result).isEqualTo(new CapacityResult(48, "cpu", 48, 48));
    }

    @Test
    void cpuOverride32AndRamOverride80gb_16SessionsLimitedByCpu() {
        CapacityResult result = Capacity.of(16, 64 * GB, 32, 80 * GB).sessionsFor(2, 4 * GB);
        assertThat(result).isEqualTo(new CapacityResult(16, "cpu", 16, 20));
    }

    @Test
    void runningSessionsSubtractWhatTheyAllocate() {
        Capacity agent = Capacity.of(16, 64 * GB, 0, 0);
        // three 2-core/4 GB sessions running: 10 cores and 52 GB left
        assertThat(agent.sessionsFor(2, 4 * GB, 6_000, 12 * GB)).isEqualTo(new CapacityResult(5, "cpu", 5, 13));
        // a 4-core/56 GB session running: 12 cores, 8 GB left
        assertThat(agent.sessionsFor(2, 4 * GB, 4_000, 56 * GB)).isEqualTo(new CapacityResult(2, "ram", 6, 2));
    }

    @Test
    void anOversubscribedAgentTakesNoneRatherThanANegativeCount() {
        assertThat(Capacity.of(4, 8 * GB, 0, 0).sessionsFor(2, 4 * GB, 6_000, 0).sessions())
                .isZero();
    }

    @Test
    void fractionalCoresDivideExactly() {
        // 0.1 + 0.2 != 0.3 in doubles; 3 cores / 0.3 must still be 10 sessions
        assertThat(Capacity.of(3, 64 * GB, 0, 0).sessionsFor(0.3, GB).cpuSessions())
                .isEqualTo(10);
        assertThat(Capacity.of(1, 64 * GB, 0, 0).sessionsFor(0.5, GB).cpuSessions())
                .isEqualTo(2);
        assertThat(Capacity.of(0, 64 * GB, 2.7, 0).sessionsFor(0.9, GB).cpuSessions())
                .isEqualTo(3);
    }

    @Test
    void capacityFromEngineAndConfigAppliesOnlyPositiveOverrides() {
        EngineInfo engine = new EngineInfo("27.0", "1.46", 16, 64 * GB, 0, "Linux");
        AgentConfig agent = new AgentConfig("a", URI.create("unix:///s"), null, "default", true, 0, 80 * GB, false);
        assertThat(Capacity.of(engine, agent)).isEqualTo(new Capacity(16_000, 80 * GB));
        WorkspaceType firefox =
                new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GB, CpuAllocation.SHARES, 30);
        assertThat(Capacity.of(engine, agent).sessionsFor(firefox).sessions()).isEqualTo(8);
    }

    @Test
    void aWorkspaceThatReservesNothingIsRejected() {
        assertThatThrownBy(() -> Capacity.of(16, 64 * GB, 0, 0).sessionsFor(0, 4 * GB))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Capacity.of(16, 64 * GB, 0, 0).sessionsFor(2, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
