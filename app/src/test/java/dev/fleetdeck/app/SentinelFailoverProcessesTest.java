package dev.fleetdeck.app;

import static dev.fleetdeck.app.ConsoleProcesses.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import dev.fleetdeck.testbed.TestBedSentinel;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sentinel failover (the master SIGKILLed by its pid file) while a drain's maintenance hook runs
 * and launches are in flight, every console a JVM of its own on {@code redis-sentinel://}: the
 * drain finishes once with its console, and afterwards the drain state, every audit entry and
 * every startup record are in Redis — now on the promoted replica.
 */
@RealTestBed
class SentinelFailoverProcessesTest {
    private static final int LAUNCHES = 3;

    @TempDir
    Path dir;

    private TestBed bed;
    private String agent;
    private String user;
    private String killed;

    @AfterEach
    void cleanUp() throws Exception {
        if (killed != null) {
            bed.sentinel().restore(killed, Duration.ofSeconds(60));
        }
        for (String a : bed.agents()) {
            String ids = bed.docker(a, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=" + user)
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                bed.docker(a, args.toArray(String[]::new));
            }
        }
    }

    @Test
    void aFailoverDuringADrainAndLaunchesLosesNothingAndRunsTheDrainOnce(TestBed testBed) throws Exception {
        bed = testBed;
        agent = "failover-" + bed.runId();
        user = "failover-user-" + bed.runId();
        TestBedSentinel sentinel = bed.sentinel();
        // The drained agent and the one launches land on are two names of the test bed's engines.
        String yaml = "agents:\n  - name: " + agent + "\n    host: " + bed.host("agent1") + "\n"
                + "  - name: launch-" + bed.runId() + "\n    host: " + bed.host("agent2") + "\n"
                + "redis: " + sentinel.uri() + "\n"
                + "workspaces:\n  - name: firefox\n    image: " + bed.image("firefox")
                + "\n    cores: 0.25\n    memory: 128m\n    targetSeconds: 60\n"
                + "settings:\n  agentTimeout: 30s\n  maxSessionsPerUser: 10\n";
        Path config = Files.writeString(dir.resolve("fleet.yaml"), yaml);
        Path hook = dir.resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nsleep 25\necho patched $FLEETDECK_AGENT\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        ConsoleProcesses consoles = new ConsoleProcesses(config, dir, Map.of());

        Process drain = consoles.start("drain", "drain", agent, "--force", "--hook", hook.toString());
        ExecutorService pool = Executors.newFixedThreadPool(LAUNCHES);
        try (RedisConnector connector = new RedisConnector(sentinel.uri().toString(), Duration.ofSeconds(5))) {
            awaitPhase(connector, "MAINTENANCE", Duration.ofMinutes(2));
            List<Future<ProcessRun>> launches = new ArrayList<>();
            for (int i = 0; i < LAUNCHES; i++) {
                launches.add(pool.submit(() -> consoles.run(
                        Duration.ofMinutes(3), "launch", "--type", "firefox", "--user", user, "--zone", "default")));
            }
            Thread.sleep(3000); // the launch processes are starting up and placing
            int oldMaster = sentinel.masterPort();
            killed = sentinel.killMaster();
            int newMaster = sentinel.awaitFailover(oldMaster, Duration.ofSeconds(60));
            assertThat(newMaster).isNotEqualTo(oldMaster);

            for (Future<ProcessRun> launch : launches) {
                ProcessRun r = launch.get(200, TimeUnit.SECONDS);
                assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isIn(0, 1);
            }
            assertThat(drain.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(drain.exitValue()).as(consoles.output("drain")).isZero();
            assertThat(consoles.output("drain")).contains("maintenance hook exit 0: patched " + agent);

            // The drain state, on the promoted master.
            try (StatefulRedisConnection<String, String> c = connector.connect()) {
                JsonNode record = Json.mapper().readTree(c.sync().hget("fleetdeck:drains", agent));
                assertThat(record.path("phase").asText()).isEqualTo("DRAINED");
                assertThat(record.path("owner").asText()).endsWith("pid " + drain.pid());
                c.sync().hdel("fleetdeck:drains", agent);
            }
        } finally {
            drain.destroyForcibly();
            pool.shutdownNow();
        }
        List<JsonNode> audit = consoles.audit(agent);
        assertThat(count(audit, "DRAIN", "started")).isEqualTo(1);
        assertThat(count(audit, "HOOK", "ok")).isEqualTo(1);
        assertThat(count(audit, "DRAIN", "drained")).isEqualTo(1);
        assertThat(count(audit, "DRAIN", "resumed")).isZero();
        assertThat(count(audit, "HOOK", "interrupted")).isZero();
        // Every launch left one startup record (ready or failed), none twice.
        ProcessRun records = consoles.run(Duration.ofSeconds(60), "records", "--json", "--days", "1");
        List<String> mine = records.stdout()
                .lines()
                .filter(l -> l.contains("\"" + user + "\""))
                .toList();
        assertThat(mine).as(records.stdout() + records.stderr()).hasSize(LAUNCHES);
        assertThat(mine).doesNotHaveDuplicates();
    }

    private void awaitPhase(RedisConnector connector, String phase, Duration limit) throws Exception {
        long until = System.nanoTime() + limit.toNanos();
        try (StatefulRedisConnection<String, String> c = connector.connect()) {
            while (true) {
                String v = c.sync().hget("fleetdeck:drains", agent);
                if (v != null
                        && Json.mapper().readTree(v).path("phase").asText().equals(phase)) {
                    return;
                }
                assertThat(System.nanoTime()).as("waiting for " + phase).isLessThan(until);
                Thread.sleep(100);
            }
        }
    }
}
