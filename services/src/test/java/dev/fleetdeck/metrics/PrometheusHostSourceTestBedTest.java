package dev.fleetdeck.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.MetricsConfig;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.HostFigures;
import dev.fleetdeck.fleet.HostMetrics;
import dev.fleetdeck.fleet.MetricsSource;
import dev.fleetdeck.testbed.AgentStates;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Host figures from the test bed's real Prometheus and node-exporters. */
@RealTestBed
class PrometheusHostSourceTestBedTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ExecutorService refresh = Executors.newFixedThreadPool(3);
    private final ExecutorService stats = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        refresh.shutdownNow();
        stats.shutdownNow();
        ticks.shutdownNow();
    }

    private PrometheusHostSource source(TestBed bed, List<AgentConfig> agents) {
        return new PrometheusHostSource(agents, new PrometheusClient(MetricsConfig.of(bed.prometheus()), TIMEOUT));
    }

    private List<AgentConfig> withExporters(TestBed bed) {
        return bed.agents().stream().map(bed::agentConfigWithExporter).toList();
    }

    @Test
    void hostFiguresEqualPromqlsAtTheSameMomentAndThisHostsOwn(TestBed bed) throws Exception {
        Map<String, HostMetrics> read = source(bed, withExporters(bed)).read();
        long procTotal = meminfo("MemTotal");
        long procUsed = procTotal - meminfo("MemAvailable");

        for (String agent : bed.agents()) {
            HostMetrics m = read.get(agent);
            assertThat(m.source()).as(agent + ": " + m.problem()).isEqualTo(MetricsSource.PROMETHEUS);
            HostFigures f = m.figures();
            String instance = bed.nodeExporter(agent);
            // The same figures asked of Prometheus one by one, at the sample's own time.
            double memUsed = promql(
                    bed,
                    "node_memory_MemTotal_bytes{instance=\"" + instance + "\"} - "
                            + "node_memory_MemAvailable_bytes{instance=\"" + instance + "\"}",
                    f.sampledAt());
            double cpu = promql(
                    bed,
                    "100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\",instance=\"" + instance + "\"}[1m])))",
                    f.sampledAt());
            double fsSize = promql(
                    bed, "node_filesystem_size_bytes{instance=\"" + instance + "\",mountpoint=\"/\"}", f.sampledAt());
            assertThat((double) f.memUsedBytes()).isCloseTo(memUsed, within(0.05 * memUsed));
            assertThat(f.cpuPercent()).isCloseTo(cpu, within(Math.max(0.5, 0.05 * cpu)));
            // No /var/lib/docker mount here: the filesystem holding it is /.
            assertThat((double) f.diskTotalBytes()).isEqualTo(fsSize);
            assertThat(f.diskUsedBytes()).isPositive().isLessThan(f.diskTotalBytes());
            // And this host as the kernel tells it: every exporter here reports this machine.
            assertThat(f.memTotalBytes()).isEqualTo(procTotal);
            assertThat((double) f.memUsedBytes()).isCloseTo((double) procUsed, within(0.05 * procTotal));
        }
    }

    @Test
    void anAgentPrometheusDoesNotKnowGetsItsOwnReasonAndTheOthersKeepTheirFigures(TestBed bed) {
        List<AgentConfig> agents = new ArrayList<>(withExporters(bed));
        AgentConfig a = bed.agentConfig("agent1");
        agents.add(new AgentConfig("stranger", a.host(), null, "east", true, 0, 0, false, "127.0.0.1:1"));

        Map<String, HostMetrics> read = source(bed, agents).read();

        assertThat(read.get("stranger").source()).isEqualTo(MetricsSource.DOCKER);
        assertThat(read.get("stranger").problem())
                .contains("has no node-exporter samples for instance 127.0.0.1:1")
                .contains("up{instance=\"127.0.0.1:1\"}");
        for (String agent : bed.agents()) {
            assertThat(read.get(agent).source()).isEqualTo(MetricsSource.PROMETHEUS);
        }
    }

    @Test
    void prometheusStoppedMidRunGivesDockerFiguresWithoutFreezingAndComesBack(TestBed bed) throws Exception {
        AgentConfig config = bed.agentConfigWithExporter("agent1");
        AgentMonitor monitor = new AgentMonitor(config, bed.engine("agent1"), new AdminStates(), Clock.systemUTC());
        Duration interval = Duration.ofMillis(500);
        FleetMonitor fleet = new FleetMonitor(
                List.of(monitor), interval, 30, ticks, refresh, Clock.systemUTC(), source(bed, List.of(config)));
        fleet.start();
        try {
            AgentStates.await(fleet, "agent1", AgentState.ENABLED, Duration.ofSeconds(30));
            awaitHost(fleet, h -> h.source() == MetricsSource.PROMETHEUS, Duration.ofSeconds(30));

            bed.stopPrometheus();
            long stopped = System.nanoTime();
            AgentSnapshot during = awaitHost(fleet, h -> h.source() == MetricsSource.DOCKER, Duration.ofSeconds(10));
            // The timeout, a refresh, and slack for a machine shared with other builds.
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(TIMEOUT.plusSeconds(5));
            assertThat(during.host().problem()).contains("does not answer (connection refused)");
            // The agent's own refresh goes on: Docker's figures, fresh, the agent online.
            Instant before = fleet.current().agents().get(0).lastRefresh();
            TimeUnit.MILLISECONDS.sleep(interval.toMillis() * 4);
            AgentSnapshot later = fleet.current().agents().get(0);
            assertThat(later.lastRefresh()).isAfter(before);
            assertThat(later.state()).isEqualTo(AgentState.ENABLED);
            assertThat(later.ramPercentForWarnings()).isEqualTo(later.memPercent());

            bed.startPrometheus();
            AgentSnapshot back = awaitHost(fleet, h -> h.source() == MetricsSource.PROMETHEUS, Duration.ofSeconds(30));
            assertThat(back.host().figures().memTotalBytes()).isEqualTo(meminfo("MemTotal"));
            assertThat(back.ramPercentForWarnings())
                    .isEqualTo(back.host().figures().memPercent());
        } finally {
            fleet.close();
            bed.startPrometheus(); // a failed test must not leave the bed without its Prometheus
        }
    }

    private static AgentSnapshot awaitHost(FleetMonitor fleet, Predicate<HostMetrics> wanted, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            AgentSnapshot a = fleet.current().agents().get(0);
            if (wanted.test(a.host())) {
                return a;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("host metrics not as wanted within " + limit + "; last: "
                + fleet.current().agents().get(0).host());
    }

    /** One value of an instant query, asked with curl: a witness that shares no code with the client. */
    private double promql(TestBed bed, String query, Instant at) throws Exception {
        String out = ProcessRun.run(
                        List.of(
                                "curl",
                                "-fsS",
                                bed.prometheus() + "/api/v1/query",
                                "--data-urlencode",
                                "query=" + query,
                                "--data-urlencode",
                                String.format(Locale.ROOT, "time=%.3f", at.toEpochMilli() / 1000.0)),
                        Map.of(),
                        Duration.ofSeconds(10))
                .requireSuccess();
        JsonNode result = json.readTree(out).path("data").path("result");
        assertThat(result.size()).as(query + " → " + out).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static long meminfo(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no " + key + " in /proc/meminfo");
    }
}
