package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.testbed.DockerSizes;
import dev.fleetdeck.testbed.EngineProxy;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agents --json}'s disk fields on a real engine, against the docker CLI on the same socket. */
@RealTestBed
class DiskCliTestBedTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void clean(TestBed bed) {
        bed.removeTestContainers();
    }

    @Test
    void agentsJsonHasDockersDiskByKindItsAgeAndTheBudgetOfItsSessions(TestBed bed) throws Exception {
        String agent = "agent1";
        // Two sessions of a type with diskPerSession 3g, one of them 16 MiB into its writable layer.
        for (int mib : new int[] {16, 0}) {
            bed.docker(
                    agent,
                    "run",
                    "-d",
                    "--network",
                    "none",
                    "--label",
                    TestBed.TEST_LABEL + "=" + bed.runId(),
                    "--label",
                    "fleetdeck.session=disk-cli-" + mib,
                    "--label",
                    "fleetdeck.user=ada",
                    "--label",
                    "fleetdeck.workspace=plain",
                    "--label",
                    "fleetdeck.cores=1",
                    "--label",
                    "fleetdeck.memory=" + 64 * MIB,
                    bed.image("plain"),
                    "sh",
                    "-c",
                    "dd if=/dev/zero of=/fill bs=1048576 count=" + mib + " && sleep 600");
        }
        awaitWritten(bed, agent, 16 * MIB);
        Path config = home.resolve("fleet.yaml");
        Files.writeString(
                config,
                "agents:\n  - { name: " + agent + ", host: '" + bed.host(agent) + "' }\n"
                        + "workspaces:\n  - { name: plain, image: '" + bed.image("plain") + "', cores: 1, memory: 64m,"
                        + " diskPerSession: 3g }\n"
                        + "settings: { agentTimeout: 10s, diskInterval: 30s }\n");

        Instant before = Instant.now();
        CliRun run = CliRun.in(home, "--config", config.toString(), "agents", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode a = json.readTree(run.out()).get(0);
        long images = a.path("dockerImagesBytes").asLong();
        long containers = a.path("dockerContainersBytes").asLong();
        assertThat(a.path("dockerDiskBytes").asLong())
                .isEqualTo(images + containers + a.path("dockerVolumesBytes").asLong());
        assertThat(containers).isBetween(16 * MIB, 18 * MIB);
        double cliContainers = 0;
        for (String line : bed.docker(agent, "system", "df", "--format", "{{.Type}}={{.Size}}")
                .strip()
                .split("\n", -1)) {
            if (line.startsWith("Containers=")) {
                cliContainers = DockerSizes.bytes(line.substring("Containers=".length()));
            }
        }
        assertThat((double) containers).isCloseTo(cliContainers, within(0.01 * cliContainers));
        assertThat(a.path("dockerBuildCacheBytes").asLong()).isZero();
        assertThat(Instant.parse(a.path("diskReadAt").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(a.path("diskAgeSeconds").asLong()).isBetween(0L, 30L);
        assertThat(a.path("diskStale").asBoolean()).isFalse();
        assertThat(a.path("diskProblem").isNull()).isTrue();
        assertThat(a.path("diskBudgetBytes").asLong()).isEqualTo(80 * GIB + 2 * 3 * GIB);
        assertThat(a.path("diskLevel").asText()).isEqualTo("ok");
        assertThat(a.path("diskPercent").asDouble()).isBetween(0.0, 80.0);

        CliRun text = CliRun.in(home, "--config", config.toString(), "agents");
        assertThat(text.out())
                .containsPattern(
                        "agent1: disk docker [0-9.]+ MiB of its 86\\.0 GiB budget \\(0%: images"
                                + " [0-9.]+ MiB, containers 1[67]\\.[0-9] MiB, volumes 0 B; build cache 0 B\\), as of [0-9]+ s ago");
    }

    @Test
    void anAgentWhoseDiskReadHangsCostsTheCommandTenSecondsAndSaysSo(TestBed bed) throws Exception {
        try (EngineProxy proxy = new EngineProxy(bed.host("agent2"), "/system/df")) {
            proxy.hang();
            Path config = home.resolve("fleet.yaml");
            Files.writeString(
                    config,
                    "agents:\n  - { name: relayed, host: '" + proxy.host() + "' }\n"
                            + "  - { name: agent3, host: '" + bed.host("agent3") + "' }\n"
                            + "settings: { agentTimeout: 5s }\n");

            long started = System.nanoTime();
            CliRun run = CliRun.in(home, "--config", config.toString(), "agents", "--json");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            // Ten seconds of waiting, the refresh beside it, a JVM's start on a shared machine.
            assertThat(took).isLessThan(Duration.ofSeconds(25));
            JsonNode relayed = json.readTree(run.out()).get(0);
            assertThat(relayed.path("state").asText()).isEqualTo("enabled");
            assertThat(relayed.path("dockerDiskBytes").isNull()).isTrue();
            assertThat(relayed.path("diskLevel").asText()).isEqualTo("unknown");
            assertThat(relayed.path("diskProblem").asText())
                    .isEqualTo("relayed: no disk usage within 10 s (/system/df is slow on a big agent)");
            JsonNode other = json.readTree(run.out()).get(1);
            assertThat(other.path("dockerDiskBytes").asLong()).isPositive();
            assertThat(other.path("diskProblem").isNull()).isTrue();
        }
    }

    private static void awaitWritten(TestBed bed, String agent, long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String sizes = bed.docker(
                    agent,
                    "ps",
                    "-s",
                    "--filter",
                    "label=" + TestBed.TEST_LABEL + "=" + bed.runId(),
                    "--format",
                    "{{.Size}}");
            if (sizes.lines().anyMatch(l -> DockerSizes.bytes(l) >= bytes)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the container did not write " + bytes + " bytes in 30 s");
    }
}
