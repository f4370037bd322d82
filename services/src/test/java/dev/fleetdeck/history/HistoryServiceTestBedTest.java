package dev.fleetdeck.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.MetricsConfig;
import dev.fleetdeck.metrics.PrometheusClient;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** History from the test bed's real Prometheus (query_range) and node-exporters. */
@RealTestBed
class HistoryServiceTestBedTest {
    private final List<LocalHistoryStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(LocalHistoryStore::close);
    }

    private HistoryService service(TestBed bed, List<AgentConfig> agents) throws Exception {
        LocalHistoryStore local = LocalHistoryStore.inMemory();
        stores.add(local);
        return new HistoryService(
                agents,
                Optional.of(new PrometheusHistory(
                        new PrometheusClient(MetricsConfig.of(bed.prometheus()), Duration.ofSeconds(10)))),
                local,
                Clock.systemUTC());
    }

    @Test
    void anAgentsLastHourComesFromPrometheusAndIsThisHostsOwn(TestBed bed) throws Exception {
        String agent = bed.agents().get(0);
        HistoryService history = service(bed, List.of(bed.agentConfigWithExporter(agent)));

        AgentHistory h = history.agent(agent, HistoryRange.HOUR);

        assertThat(h.source()).as(h.note()).isEqualTo(HistorySource.PROMETHEUS);
        assertThat(h.note()).contains("from Prometheus");
        assertThat(h.collecting()).isFalse();
        assertThat(h.points()).allSatisfy(p -> {
            assertThat(p.hostKnown()).isTrue();
            assertThat(p.at().getEpochSecond() % 15).isZero(); // on the local store's 15-s buckets
        });
        HistoryPoint last = h.points().get(h.points().size() - 1);
        assertThat(last.at()).isAfter(Instant.now().minus(Duration.ofMinutes(2)));
        // Every exporter here reports this machine: the figures are the kernel's.
        long total = meminfo("MemTotal");
        double usedPercent = 100.0 * (total - meminfo("MemAvailable")) / total;
        assertThat(last.hostMemTotal()).isEqualTo(total);
        assertThat(last.hostMem()).isCloseTo(usedPercent, within(5.0));
        assertThat(last.hostMemPeak()).isGreaterThanOrEqualTo(last.hostMem());
        assertThat(last.hostCpu()).isBetween(0.0, 100.0);
    }

    @Test
    void anAgentPrometheusDoesNotKnowKeepsWhatTheConsolesSawWithTheReason(TestBed bed) throws Exception {
        String agent = bed.agents().get(0);
        AgentConfig known = bed.agentConfigWithExporter(agent);
        AgentConfig unknown =
                new AgentConfig("ghost", known.host(), known.tlsDir(), known.zone(), true, 0, 0, false, "127.0.0.1:1");
        HistoryService history = service(bed, List.of(known, unknown));
        Instant now = Instant.now();
        history.local()
                .record(List.of(
                        LocalHistoryStoreTest.host("ghost", now.minusSeconds(40), 30, 40),
                        LocalHistoryStoreTest.host("ghost", now.minusSeconds(20), 30, 42)));

        AgentHistory ghost = history.agent("ghost", HistoryRange.HOUR);

        assertThat(ghost.note()).contains("127.0.0.1:1").contains("while Fleetdeck was running");
        assertThat(ghost.points()).hasSize(2);
        assertThat(ghost.points().get(1).hostMem()).isCloseTo(42, within(1e-6));
        // The fleet's line still has the known agent's host figures from Prometheus.
        AgentHistory fleet = history.fleet(HistoryRange.HOUR);
        assertThat(fleet.source()).isEqualTo(HistorySource.PROMETHEUS);
        assertThat(fleet.points()).hasSizeGreaterThan(2);
    }

    private static long meminfo(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException(key + " not in /proc/meminfo");
    }
}
