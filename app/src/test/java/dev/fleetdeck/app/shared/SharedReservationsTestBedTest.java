package dev.fleetdeck.app.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Launch processes started together share one set of reservations: an agent never gets more
 * sessions than its capacity, a user never more than the quota — on the embedded default (the
 * shared file's lock) and with Redis (Lua scripts). Each launch is its own JVM.
 */
@RealTestBed
class SharedReservationsTestBedTest {
    @TempDir
    Path dir;

    private TestBed bed;
    private String user;
    private FleetProcesses ops;

    @AfterEach
    void cleanUp() {
        if (ops != null) {
            ops.close();
        }
        FleetProcesses.removeSessions(bed, user);
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void fiveLaunchProcessesOnAnAgentWithRoomForTwoMakeExactlyTwoSessions(boolean redis, TestBed testBed)
            throws Exception {
        bed = testBed;
        user = "room-" + bed.runId();
        String agent = bed.agents().get(0);
        Path config = FleetProcesses.config(dir, bed, List.of(agent), Map.of(agent, 2.0), 1.0, 50, redis);
        ops = new FleetProcesses(config, Files.createDirectories(dir.resolve("data")));

        // STARTUP_SECONDS keeps every launch in flight while the others place theirs.
        List<ProcessRun> runs =
                ops.together(5, "launch", "--type", "firefox", "--user", user, "--json", "--env", "STARTUP_SECONDS=4");

        List<String> placed = ops.agentsOf(runs).stream().filter(a -> a != null).toList();
        assertThat(placed).as(FleetProcesses.show(runs)).containsExactly(agent, agent);
        assertThat(FleetProcesses.sessions(bed, agent, user)).isEqualTo(2);
        long refused = runs.stream()
                .filter(r -> r.stdout().contains("no CPU capacity"))
                .count();
        assertThat(refused).as(FleetProcesses.show(runs)).isEqualTo(3);
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void fourLaunchProcessesForOneUserWithQuotaTwoMakeTwoSessions(boolean redis, TestBed testBed) throws Exception {
        bed = testBed;
        user = "quota-" + bed.runId() + (redis ? "-r" : "-f");
        Path config = FleetProcesses.config(dir, bed, bed.agents(), Map.of(), 0.25, 2, redis);
        ops = new FleetProcesses(config, Files.createDirectories(dir.resolve("data")));

        List<ProcessRun> runs =
                ops.together(4, "launch", "--type", "firefox", "--user", user, "--json", "--env", "STARTUP_SECONDS=4");

        int sessions = bed.agents().stream()
                .mapToInt(a -> FleetProcesses.sessions(bed, a, user))
                .sum();
        assertThat(sessions).as(FleetProcesses.show(runs)).isEqualTo(2);
        assertThat(runs.stream().filter(r -> r.exitCode() == 0).count())
                .as(FleetProcesses.show(runs))
                .isEqualTo(2);
        assertThat(runs.stream().filter(r -> r.stderr().contains("refused")).count())
                .as(FleetProcesses.show(runs))
                .isEqualTo(2);
    }
}
