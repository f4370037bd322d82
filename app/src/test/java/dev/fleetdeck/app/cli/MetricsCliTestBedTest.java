package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agents --json} with the test bed's real Prometheus: host figures where an agent's
 * node-exporter is scraped, Docker's with the reason where it is not, and a server that is not
 * Prometheus (the bed's docker-registry) costing nothing but a reason.
 */
@RealTestBed
class MetricsCliTestBedTest {
    private static final String TOKEN = "bearer-t0ken-not-to-print";

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    private Path config(TestBed bed, String prometheus) throws Exception {
        Path file = home.resolve("fleet.yaml");
        Files.writeString(
                file,
                "agents:\n"
                        + "  - { name: agent1, host: '" + bed.host("agent1") + "', nodeExporter: '"
                        + bed.nodeExporter("agent1") + "' }\n"
                        + "  - { name: agent2, host: '" + bed.host("agent2") + "', nodeExporter: '127.0.0.1:1' }\n"
                        + "  - { name: agent3, host: '" + bed.host("agent3") + "' }\n"
                        + "metrics: { prometheus: '" + prometheus + "', tokenEnv: PROM_TOKEN }\n"
                        // Other builds share this machine's two cores: an engine may take seconds to answer.
                        + "settings: { agentTimeout: 10s }\n");
        return file;
    }

    private CliRun run(String... args) {
        return CliRun.in(home, options -> 0, Map.of("PROM_TOKEN", TOKEN), args);
    }

    private Map<String, JsonNode> agents(CliRun run) throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        json.readTree(run.out()).forEach(a -> byName.put(a.path("name").asText(), a));
        return byName;
    }

    @Test
    void agentsJsonCarriesHostFiguresWhereKnownAndDockersWithTheReasonElsewhere(TestBed bed) throws Exception {
        Path config = config(bed, bed.prometheus().toString());
        CliRun check = run("--config", config.toString(), "config", "check");
        CliRun agents = run("--config", config.toString(), "agents", "--json");

        assertThat(check.out())
                .contains("metrics: " + bed.prometheus() + ", bearer token from environment variable PROM_TOKEN")
                .contains("nodeExporter " + bed.nodeExporter("agent1"));
        assertThat(agents.exitCode()).as(agents.out() + agents.err()).isZero();
        Map<String, JsonNode> a = agents(agents);
        long memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                .findFirst()
                .orElseThrow();

        JsonNode one = a.get("agent1");
        assertThat(one.path("metricsSource").asText()).isEqualTo("prometheus");
        assertThat(one.path("hostMemTotalBytes").asLong()).isEqualTo(memTotal);
        assertThat(one.path("hostMemUsedBytes").asLong()).isBetween(1L, memTotal);
        // The host holds more than the containers: the OS, dockerd, this JVM.
        assertThat(one.path("hostMemUsedBytes").asLong())
                .isGreaterThan(one.path("memUsedBytes").asLong());
        assertThat(one.path("hostCpuPercent").asDouble()).isBetween(0.0, 100.0);
        assertThat(one.path("diskTotalBytes").asLong())
                .isGreaterThan(one.path("diskUsedBytes").asLong())
                .isPositive();

        JsonNode two = a.get("agent2");
        assertThat(two.path("metricsSource").asText()).isEqualTo("docker");
        assertThat(two.path("hostMemUsedBytes").isNull()).isTrue();
        assertThat(two.path("metricsProblem").asText()).contains("no node-exporter samples for instance 127.0.0.1:1");
        assertThat(two.path("state").asText()).isEqualTo("enabled");
        assertThat(a.get("agent3").path("metricsProblem").asText())
                .isEqualTo("no nodeExporter configured for this agent");
        assertThat(check.out() + check.err() + agents.out() + agents.err()).doesNotContain(TOKEN);
    }

    @Test
    void aUrlThatIsNotPrometheusGivesEveryAgentTheReasonAndDockersFigures(TestBed bed) throws Exception {
        // The bed's docker-registry: a real HTTP server that answers 404 to Prometheus's API.
        Path config = config(bed, "http://" + bed.registry());
        CliRun agents = run("--config", config.toString(), "agents", "--json");

        assertThat(agents.exitCode()).as(agents.out() + agents.err()).isZero();
        for (JsonNode a : agents(agents).values()) {
            assertThat(a.path("state").asText()).isEqualTo("enabled");
            assertThat(a.path("metricsSource").asText()).isEqualTo("docker");
            assertThat(a.path("memTotalBytes").asLong()).isPositive();
        }
        assertThat(agents(agents).get("agent1").path("metricsProblem").asText())
                .contains("answered 404")
                .contains("not Prometheus's JSON API")
                .contains("check metrics.prometheus");
        assertThat(agents.out() + agents.err()).doesNotContain(TOKEN);
    }
}
