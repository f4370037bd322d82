package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.testbed.AgentStates;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How old the figures get on a real engine at the console's default cadence (refresh every 2 s,
 * every container sampled every second refresh): now minus the daemon's read time of the oldest
 * sample behind an agent's figures, watched for 30 s.
 */
@RealTestBed
class FigureAgeTestBedTest {
    private static final long MIB = 1L << 20;
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String AGENT = "agent2";

    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService refresh = Executors.newFixedThreadPool(1);
    private TestBed bed;
    private FleetMonitor fleet;

    @AfterEach
    void cleanUp() {
        if (fleet != null) {
            fleet.close();
        }
        ticks.shutdownNow();
        refresh.shutdownNow();
        if (bed != null) {
            bed.removeTestContainers();
        }
    }

    @Test
    void noSamplingRoundIsSkippedSoFiguresStayNearTheCadence(TestBed bed) throws Exception {
        this.bed = bed;
        DockerEngine engine = bed.engine(AGENT);
        for (int i = 0; i < 20; i++) {
            String id = engine.create(new ContainerSpec(
                    bed.image("plain"), null, bed.testLabels(), Map.of(), 64 * MIB, 0, 0, 0, List.of()));
            engine.start(id);
        }
        AgentMonitor monitor = new AgentMonitor(
                bed.agentConfig(AGENT),
                engine,
                new AdminStates(),
                INTERVAL.multipliedBy(2),
                Clock.systemUTC(),
                SessionOwners.LABELS);
        fleet = new FleetMonitor(List.of(monitor), INTERVAL, 30, ticks, refresh, Clock.systemUTC());
        fleet.start();
        AgentStates.await(fleet, AGENT, AgentState.ENABLED, Duration.ofSeconds(20));
        Thread.sleep(9000); // two sampling rounds: every container has a sample of a round

        List<Double> ages = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            Instant oldest = monitor.oldestSample().orElseThrow();
            ages.add(Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
            Thread.sleep(100);
        }
        List<Double> sorted = ages.stream().sorted().toList();
        double max = sorted.get(sorted.size() - 1);
        System.out.printf(
                "figures' age over 30 s: median %.2f s, p99 %.2f s, max %.2f s%n",
                sorted.get(sorted.size() / 2), sorted.get((int) (0.99 * (sorted.size() - 1))), max);
        assertThat(monitor.last().containersRunning()).isGreaterThanOrEqualTo(20);
        // Every round's samples come from one reading of the daemon's collector, 4 s after the
        // last: 4.0-4.1 s on a quiet machine (docs/benchmarks.md). Before that, rounds split
        // between two readings a second apart and figures reached 5.05 s; a skipped round would
        // show 6 s and more.
        assertThat(max).as("the oldest figure shown, in seconds").isLessThanOrEqualTo(5.0);
    }
}
