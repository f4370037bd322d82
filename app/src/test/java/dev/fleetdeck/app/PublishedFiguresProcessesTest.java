package dev.fleetdeck.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.shared.FleetProcesses;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.OwnRedis;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The keeper's fleet reading is what {@code fleetdeck agents} prints, each a JVM of its own on the
 * real test bed: once on the embedded default (a file under the shared data folder), once with
 * Redis (a server of this test's own, so no other test's commands see this keeper's reading).
 */
@RealTestBed
class PublishedFiguresProcessesTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private final ObjectMapper json = Json.mapper();

    @TempDir
    Path dir;

    private TestBed bed;
    private OwnRedis redis;
    private Process keeper;
    private FleetProcesses ops;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (keeper != null) {
            keeper.destroyForcibly();
            keeper.waitFor(10, TimeUnit.SECONDS);
        }
        if (ops != null) {
            ops.close();
        }
        bed.removeLabelled(SessionLabels.STAGED, "true");
        if (redis != null) {
            redis.close();
        }
    }

    private Path config(boolean withRedis) throws IOException {
        StringBuilder yaml = new StringBuilder(bed.agentsYaml());
        if (withRedis) {
            redis = new OwnRedis(Files.createDirectories(dir.resolve("redis")));
            yaml.append("redis: ").append(redis.uri()).append('\n');
        }
        // A pool gives the keeper its duty (and the reading staged sessions to count).
        yaml.append("workspaces:\n  - name: firefox\n    image: ")
                .append(bed.image("firefox"))
                .append("\n    cores: 0.25\n    memory: 64m\n    targetSeconds: 30\n    poolSize: 1\n")
                .append("settings:\n  refreshInterval: ")
                .append(INTERVAL.toSeconds())
                .append("s\n  agentTimeout: 15s\n  keeperLease: 4s\n");
        return Files.writeString(dir.resolve("fleet.yaml"), yaml);
    }

    private List<JsonNode> agents(String... options) {
        List<String> args = new ArrayList<>(List.of("agents", "--json"));
        args.addAll(List.of(options));
        ProcessRun r = ops.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        try {
            List<JsonNode> all = new ArrayList<>();
            json.readTree(r.stdout()).forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new AssertionError("agents --json printed no JSON: " + r.stdout() + r.stderr(), e);
        }
    }

    private int stagedContainers() {
        int n = 0;
        for (String agent : bed.agents()) {
            String ids = bed.docker(
                            agent,
                            "ps",
                            "-q",
                            "--filter",
                            "label=" + SessionLabels.STAGED + "=true",
                            "--filter",
                            "status=running")
                    .strip();
            n += ids.isEmpty() ? 0 : ids.split("\\s+").length;
        }
        return n;
    }

    private static String from(List<JsonNode> agents) {
        List<String> froms = agents.stream()
                .map(a -> a.path("figuresFrom").isNull()
                        ? "null"
                        : a.path("figuresFrom").asText())
                .distinct()
                .toList();
        assertThat(froms).as("one reading for the whole fleet").hasSize(1);
        return froms.get(0);
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void agentsPrintsTheKeepersReadingWithTodaysAdminStatesAndReadsTheEnginesOnceTheKeeperIsGone(
            boolean withRedis, TestBed testBed) throws Exception {
        bed = testBed;
        Path config = config(withRedis);
        Path data = Files.createDirectories(dir.resolve("data"));
        ops = new FleetProcesses(List.of("--config", config.toString()), data);
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--config",
                config.toString(),
                "keeper");
        pb.environment().put("FLEETDECK_DATA_DIR", data.toString());
        keeper = pb.redirectErrorStream(true)
                .redirectOutput(dir.resolve("keeper.log").toFile())
                .start();

        // The keeper's reading, once its pool is staged: every session the engines run, counted.
        List<JsonNode> shown = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < deadline) {
            shown = agents();
            int sessions =
                    shown.stream().mapToInt(a -> a.path("sessions").asInt()).sum();
            if (from(shown).startsWith("keeper ") && sessions >= 1 && sessions == stagedContainers()) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(from(shown)).as(Files.readString(dir.resolve("keeper.log"))).startsWith("keeper ");
        assertThat(shown.stream().mapToInt(a -> a.path("sessions").asInt()).sum())
                .as("sessions in the keeper's reading")
                .isPositive()
                .isEqualTo(stagedContainers());
        assertThat(shown)
                .allMatch(a -> a.path("state").asText().equals("enabled")
                        && a.path("cpus").asInt() > 0);
        ProcessRun text = ops.run("agents");
        assertThat(text.stdout()).contains("figures of keeper ").contains("s old (--fresh reads every agent now)");

        // Another operator's cordon shows at once, whatever the reading's age.
        String agent = bed.agents().get(0);
        ProcessRun cordon = ops.run("cordon", agent, "--reason", "published figures test");
        assertThat(cordon.exitCode()).as(cordon.stderr()).isZero();
        List<JsonNode> afterCordon = agents();
        assertThat(from(afterCordon)).startsWith("keeper ");
        JsonNode cordoned = afterCordon.stream()
                .filter(a -> a.path("name").asText().equals(agent))
                .findFirst()
                .orElseThrow();
        assertThat(cordoned.path("state").asText()).isEqualTo("cordoned");
        assertThat(cordoned.path("adminReason").asText()).isEqualTo("published figures test");
        assertThat(ops.run("enable", agent).exitCode()).isZero();

        // --fresh reads every engine itself.
        List<JsonNode> fresh = agents("--fresh");
        assertThat(from(fresh)).isEqualTo("null");
        assertThat(fresh.stream().mapToInt(a -> a.path("sessions").asInt()).sum())
                .isEqualTo(stagedContainers());

        // The keeper gone, its reading is stale after two of its intervals: agents reads the engines.
        keeper.destroyForcibly();
        assertThat(keeper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(INTERVAL.multipliedBy(2).toMillis() + 500);
        assertThat(from(agents())).isEqualTo("null");

        // Garbage where the reading belongs: one line naming it, then the engines are read.
        if (withRedis) {
            redis.cli("SET", "fleetdeck:figures", "<html>oops</html>", "PX", "60000");
        } else {
            Files.writeString(data.resolve("figures.json"), "<html>oops</html>");
        }
        ProcessRun garbage = ops.run("agents", "--json");
        assertThat(garbage.exitCode()).as(garbage.stderr()).isZero();
        assertThat(garbage.stderr()).contains("is not a fleet reading").contains("reading the agents instead");
        assertThat(from(agents())).isEqualTo("null");
    }
}
