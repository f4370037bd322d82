package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.net.UnixDomainSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keep-alive one-shot stats on real engines: connections kept between rounds, and a daemon that restarts. */
@RealTestBed
class OneShotStatsTestBedTest {
    private static final long MIB = 1L << 20;
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final List<OneShotStats> toClose = new ArrayList<>();
    private TestBed bed;

    @AfterEach
    void cleanUp() {
        toClose.forEach(OneShotStats::close);
        if (bed != null) {
            bed.removeTestContainers();
        }
    }

    private List<String> start(String agent, int count) throws AgentEngine.EngineException {
        DockerEngine engine = bed.engine(agent);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = engine.create(new ContainerSpec(
                    bed.image("plain"), null, bed.testLabels(), Map.of(), 64 * MIB, 0, 0, 0, List.of()));
            engine.start(id);
            ids.add(id);
        }
        return ids;
    }

    private OneShotStats stats(String agent) {
        OneShotStats s =
                OneShotStats.unix(UnixDomainSocketAddress.of(bed.host(agent).getPath()), 256);
        toClose.add(s);
        return s;
    }

    private static void assertSamples(Map<String, OneShotStats.Answer> answers, List<String> ids) {
        StatsParser parser = new StatsParser(new ObjectMapper(), Clock.systemUTC());
        assertThat(answers).containsOnlyKeys(ids);
        answers.forEach((id, answer) -> {
            assertThat(answer.status()).as("status of " + id).isEqualTo(200);
            StatsSample sample = parser.parse(id, answer.body(), 0, answer.body().length);
            assertThat(sample.memUsage()).as("memory of " + id).isPositive();
            assertThat(sample.cpuTotalUsage()).as("CPU time of " + id).isPositive();
        });
    }

    @Test
    void roundsAfterTheFirstGoOverTheConnectionsItOpened(TestBed bed) throws Exception {
        this.bed = bed;
        List<String> ids = start("agent1", 3);
        OneShotStats stats = stats("agent1");

        // Back to back, so every round after the first finds the collector asleep after the last
        // reading: the waking request is answered by the same reading as the rest, in any order.
        // A waking request given up when the rest were in closed its connection and the next round
        // opened another (5 and more on a loaded machine).
        for (int round = 0; round < 8; round++) {
            assertSamples(stats.fetch(ids, LIMIT), ids);
        }

        // Three containers and the request that wakes the collector.
        assertThat(stats.connectionsOpened())
                .as("connections opened over eight rounds of three")
                .isEqualTo(4);
        assertThat(stats.idleConnections()).isEqualTo(4);
        // A container gone between rounds answers 404 on its kept connection, which stays usable.
        bed.docker("agent1", "rm", "-f", ids.get(0));
        Map<String, OneShotStats.Answer> after = stats.fetch(ids, LIMIT);
        assertThat(after.get(ids.get(0)).status()).isEqualTo(404);
        assertSamples(stats.fetch(ids.subList(1, 3), LIMIT), ids.subList(1, 3));
        assertThat(stats.connectionsOpened()).isEqualTo(4);
    }

    @Test
    void aDaemonThatRestartedBetweenRoundsIsAskedOnNewConnections(TestBed bed) throws Exception {
        this.bed = bed;
        OneShotStats stats = stats("agent3");
        List<String> before = start("agent3", 2);
        assertSamples(stats.fetch(before, LIMIT), before);
        assertThat(stats.idleConnections()).isEqualTo(3);

        bed.killAgent("agent3");
        bed.startAgent("agent3");
        List<String> ids = start("agent3", 2);

        assertSamples(stats.fetch(ids, LIMIT), ids);
        assertThat(stats.connectionsOpened())
                .as("the three kept connections died with the daemon; three new ones")
                .isEqualTo(6);
    }

    /**
     * An idle dockerd 20.10 collects at once for the first request that arrives and a second later
     * for the rest; requests sent together were split between the two at random, so one
     * container's samples came 3 to 5 s apart at a 4 s cadence. A round now wakes the collector
     * with a request of its own and sends the rest once it is answered: they arrive while the
     * collector sleeps, and one reading answers every container of the round.
     */
    @Test
    void everyAnswerOfARoundComesFromOneReadingOfTheCollector(TestBed bed) throws Exception {
        this.bed = bed;
        List<String> ids = start("agent2", 12);
        OneShotStats stats = stats("agent2");
        StatsParser parser = new StatsParser(new ObjectMapper(), Clock.systemUTC());
        List<Long> spreads = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            // Nobody else asks this engine, so after a round its collector goes idle, as between
            // the monitor's rounds 4 s apart: the next round's first request wakes it.
            Thread.sleep(3000);
            Map<String, OneShotStats.Answer> answers = stats.fetch(ids, LIMIT);
            assertSamples(answers, ids);
            List<Instant> read = ids.stream()
                    .map(id -> parser.parse(
                                    id,
                                    answers.get(id).body(),
                                    0,
                                    answers.get(id).body().length)
                            .read())
                    .sorted()
                    .toList();
            spreads.add(Duration.between(read.get(0), read.get(read.size() - 1)).toMillis());
        }
        System.out.println("read times of a round's answers spread over (ms): " + spreads);
        // One reading covers a dozen containers in tens of milliseconds; the split was a second.
        assertThat(spreads.stream().max(Comparator.naturalOrder()).orElseThrow())
                .as("spread of the read times of one round's answers, ms")
                .isLessThan(400);
    }
}
