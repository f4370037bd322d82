package dev.fleetdeck.app.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One operator's cordon or drain is every other process's truth: each command below is its own
 * JVM, on the embedded default (a locked file in the shared data folder) and with the test bed's
 * Redis.
 */
@RealTestBed
class SharedAdminStateTestBedTest {
    @TempDir
    Path dir;

    private TestBed bed;
    private String user;
    private FleetProcesses ops;

    private void open(TestBed testBed, boolean redis, String prefix) throws Exception {
        bed = testBed;
        user = prefix + "-" + bed.runId();
        Path config = FleetProcesses.config(dir, bed, bed.agents(), Map.of(), 0.25, 50, redis);
        ops = new FleetProcesses(config, Files.createDirectories(dir.resolve("data")));
    }

    @AfterEach
    void cleanUp() {
        if (ops != null) {
            for (String agent : bed.agents()) {
                ops.run("enable", agent); // a failed assertion must not leave the shared Redis cordoned
            }
            ops.close();
        }
        FleetProcesses.removeSessions(bed, user);
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void aCordonFromOneCommandKeepsEveryOtherProcessesLaunchesOffTheAgentUntilEnabled(boolean redis, TestBed testBed)
            throws Exception {
        open(testBed, redis, "cordon");
        String agent = bed.agents().get(0);
        ProcessRun cordon = ops.run("cordon", agent, "--reason", "kernel patch CVE-2026-1");
        assertThat(cordon.exitCode()).as(cordon.stderr()).isZero();
        assertThat(cordon.stdout()).contains(agent + ": cordoned");

        // Ten launches from five other processes, started together.
        List<ProcessRun> launches =
                ops.together(5, "launch", "--type", "firefox", "--user", user, "--count", "2", "--json");
        List<String> placed = ops.agentsOf(launches);
        assertThat(placed)
                .as(FleetProcesses.show(launches))
                .hasSize(10)
                .doesNotContainNull()
                .doesNotContain(agent);
        assertThat(FleetProcesses.sessions(bed, agent, user)).isZero();

        JsonNode shown = ops.agentJson(agent);
        assertThat(shown.path("state").asText()).isEqualTo("cordoned");
        assertThat(shown.path("adminReason").asText()).isEqualTo("kernel patch CVE-2026-1");
        assertThat(shown.path("adminBy").asText()).isNotBlank();
        assertThat(Instant.parse(shown.path("adminSince").asText())).isBefore(Instant.now());

        ProcessRun enable = ops.run("enable", agent);
        assertThat(enable.exitCode()).as(enable.stderr()).isZero();
        assertThat(ops.agentJson(agent).path("state").asText()).isEqualTo("enabled");
        // The other agents hold ten sessions now: the least loaded is the one just enabled.
        List<ProcessRun> after = ops.together(2, "launch", "--type", "firefox", "--user", user, "--json");
        assertThat(ops.agentsOf(after)).as(FleetProcesses.show(after)).contains(agent);

        ProcessRun again = ops.run("enable", agent);
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout().strip()).isEqualTo(agent + " is already enabled — nothing to do");
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void aFinishedDrainKeepsTheAgentOutOfPlacementUntilEnabled(boolean redis, TestBed testBed) throws Exception {
        open(testBed, redis, "drained");
        String agent = bed.agents().get(1);
        ProcessRun drain = ops.run(
                "drain", agent, "--deadline", "3s", "--at-deadline", "stop", "--force", "--reason", "firmware update");
        assertThat(drain.exitCode()).as(drain.stdout() + drain.stderr()).isZero();
        assertThat(drain.stdout()).contains("drained");

        JsonNode shown = ops.agentJson(agent);
        assertThat(shown.path("state").asText()).isEqualTo("drained");
        assertThat(shown.path("adminReason").asText()).isEqualTo("firmware update");
        List<ProcessRun> launches =
                ops.together(2, "launch", "--type", "firefox", "--user", user, "--count", "2", "--json");
        assertThat(ops.agentsOf(launches))
                .as(FleetProcesses.show(launches))
                .hasSize(4)
                .doesNotContainNull()
                .doesNotContain(agent);

        assertThat(ops.run("enable", agent).exitCode()).isZero();
        List<ProcessRun> after = ops.together(1, "launch", "--type", "firefox", "--user", user, "--json");
        assertThat(ops.agentsOf(after)).as(FleetProcesses.show(after)).containsExactly(agent);
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void twoOperatorsCordoningOneAgentAtOnceLeaveOneWholeDecision(boolean redis, TestBed testBed) throws Exception {
        open(testBed, redis, "race");
        String agent = bed.agents().get(2);
        List<ProcessRun> both = ops.together(List.of(
                List.of("cordon", agent, "--reason", "from A"), List.of("cordon", agent, "--reason", "from B")));
        assertThat(both).as(FleetProcesses.show(both)).allMatch(r -> r.exitCode() == 0);

        JsonNode shown = ops.agentJson(agent);
        assertThat(shown.path("state").asText()).isEqualTo("cordoned");
        // The later write stands whole: never one operator's reason with the other's time or name.
        assertThat(shown.path("adminReason").asText()).isIn("from A", "from B");
        JsonNode again = ops.agentJson(agent);
        assertThat(again.path("adminReason").asText())
                .isEqualTo(shown.path("adminReason").asText());
        assertThat(again.path("adminSince").asText())
                .isEqualTo(shown.path("adminSince").asText());
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void badInputIsOneLineAndExitTwo(boolean redis, TestBed testBed) throws Exception {
        open(testBed, redis, "badinput");
        String agent = bed.agents().get(2);
        assertThat(ops.run("cordon", agent, "--reason", "first").exitCode()).isZero();
        for (String[] args : List.of(
                new String[] {"cordon", "nosuchagent"},
                new String[] {"enable", "nosuchagent"},
                new String[] {"cordon", agent, "--reason", "  "},
                new String[] {"cordon", agent, "--reason", "x".repeat(201)},
                new String[] {"drain", agent, "--reason", ""})) {
            ProcessRun r = ops.run(args);
            assertThat(r.exitCode())
                    .as(String.join(" ", args) + ": " + r.stderr())
                    .isEqualTo(2);
            assertThat(r.stderr()
                            .lines()
                            .filter(l -> l.startsWith("fleetdeck: "))
                            .count())
                    .as(r.stderr())
                    .isEqualTo(1);
        }
        // Nothing already recorded was lost: the first cordon and its reason stand.
        JsonNode shown = ops.agentJson(agent);
        assertThat(shown.path("state").asText()).isEqualTo("cordoned");
        assertThat(shown.path("adminReason").asText()).isEqualTo("first");
    }
}
