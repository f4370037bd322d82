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
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drain lease on the test bed's Redis, with every console a JVM of its own and a lease of four
 * seconds (FLEETDECK_DRAIN_LEASE): a maintenance hook that runs for dozens of lease periods keeps its
 * console, a second {@code fleetdeck drain} is refused in one line naming the holder and since
 * when, and a drain whose console was SIGKILLed is carried on by the next one once the lease expired.
 */
@RealTestBed
class DrainLeaseProcessesTest {
    @TempDir
    Path dir;

    private TestBed bed;
    private String agent;
    private String user;
    private StatefulRedisConnection<String, String> redis;
    private RedisConnector connector;

    @AfterEach
    void cleanUp() {
        if (redis != null) {
            redis.sync().hdel("fleetdeck:drains", agent);
            redis.sync().del("fleetdeck:lease:drain:" + agent);
            redis.close();
            connector.close();
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

    /** A fleet of one agent under a name of this run's own, so its drain state in the shared Redis is ours alone. */
    private ConsoleProcesses consoles(TestBed testBed, String physical, URI redisUri, String lease) throws Exception {
        bed = testBed;
        agent = "lease-" + physical + "-" + bed.runId();
        user = "lease-user-" + bed.runId();
        String yaml = "agents:\n  - name: " + agent + "\n    host: " + bed.host(physical) + "\n"
                + "redis: " + redisUri + "\n"
                + "workspaces:\n  - name: firefox\n    image: " + bed.image("firefox")
                + "\n    cores: 0.25\n    memory: 128m\n    targetSeconds: 30\n"
                // The machine is shared with other builds: an engine may take seconds to answer.
                + "settings:\n  agentTimeout: 30s\n";
        Path config = Files.writeString(dir.resolve("fleet.yaml"), yaml);
        connector = new RedisConnector(redisUri.toString(), Duration.ofSeconds(3));
        redis = connector.connect();
        return new ConsoleProcesses(config, dir, Map.of("FLEETDECK_DRAIN_LEASE", lease));
    }

    private String phase() throws Exception {
        String v = redis.sync().hget("fleetdeck:drains", agent);
        return v == null ? "" : Json.mapper().readTree(v).path("phase").asText();
    }

    private Path hook(int seconds) throws Exception {
        Path hook = dir.resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nsleep " + seconds + "\necho patched $FLEETDECK_AGENT\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        return hook;
    }

    private static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(until);
            Thread.sleep(50);
        }
    }

    private boolean inPhase(String phase) {
        try {
            return phase().equals(phase);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aHookRunningThreeLeasePeriodsKeepsItsConsoleAndASecondDrainIsRefusedInOneLine(TestBed testBed)
            throws Exception {
        ConsoleProcesses consoles = consoles(testBed, "agent3", testBed.redisUri(), "4s");
        Process first = consoles.start("first", "drain", agent, "--force", "--hook", hook(90).toString());
        int refusals = 0;
        try {
            await("the hook to start", Duration.ofMinutes(2), () -> inPhase("MAINTENANCE"));
            while (inPhase("MAINTENANCE") && first.isAlive()) {
                ProcessRun second = consoles.run(Duration.ofSeconds(150), "drain", agent, "--force");
                if (!inPhase("MAINTENANCE")) {
                    break; // the hook ended meanwhile: this run may have found the agent free
                }
                assertThat(second.exitCode()).as(second.stderr()).isEqualTo(1);
                assertThat(second.stdout()).isEmpty();
                assertThat(second.stderr().strip().lines())
                        .singleElement()
                        .asString()
                        .matches(
                                "fleetdeck: " + agent + " is being drained by \\S+@\\S+ pid " + first.pid()
                                        + " since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(Redis leases at .*\\): wait for it, or cancel it there");
                refusals++;
            }
            // Long enough for a second JVM to start on a machine shared with other builds.
            assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as(consoles.output("first")).isZero();
            assertThat(refusals).isPositive();
        } finally {
            first.destroyForcibly();
        }
        assertThat(phase()).isEqualTo("DRAINED");
        assertThat(redis.sync().get("fleetdeck:lease:drain:" + agent))
                .as("released")
                .isNull();
        List<JsonNode> audit = consoles.audit(agent);
        // The last second run may start after the hook ended and drain the agent anew: count the first console's.
        List<JsonNode> firsts = audit.stream()
                .filter(e -> e.path("operator").asText().endsWith("pid " + first.pid()))
                .toList();
        assertThat(count(firsts, "DRAIN", "started")).isEqualTo(1);
        assertThat(count(firsts, "DRAIN", "drained")).isEqualTo(1);
        assertThat(count(firsts, "HOOK", "ok")).isEqualTo(1);
        assertThat(count(audit, "DRAIN", "resumed")).isZero();
        assertThat(count(audit, "HOOK", "interrupted")).isZero();
        assertThat(count(audit, "DRAIN", "refused")).isGreaterThanOrEqualTo(refusals);
    }

    @Test
    void aSigkilledDrainIsCarriedOnByTheNextConsoleOnceItsLeaseExpired(TestBed testBed) throws Exception {
        ConsoleProcesses consoles = consoles(testBed, "agent2", testBed.redisUri(), "4s");
        ProcessRun launch = consoles.run(Duration.ofSeconds(90), "launch", "--type", "firefox", "--user", user);
        assertThat(launch.exitCode()).as(launch.stderr()).isZero();
        Process killed = consoles.start(
                "killed", "drain", agent, "--force", "--deadline", "20s", "--at-deadline", "stop", "--grace", "1s");
        try {
            await("the drain to start", Duration.ofMinutes(2), () -> inPhase("DRAINING"));
            assertThat(redis.sync().get("fleetdeck:lease:drain:" + agent)).contains("pid " + killed.pid());
        } finally {
            killed.destroyForcibly(); // SIGKILL: no shutdown hook, the lease is not released
            killed.waitFor(10, TimeUnit.SECONDS);
        }
        await(
                "the dead console's lease to expire",
                Duration.ofSeconds(20),
                () -> redis.sync().get("fleetdeck:lease:drain:" + agent) == null);

        ProcessRun next = consoles.run(Duration.ofMinutes(3), "drain", agent);

        assertThat(next.exitCode()).as(next.stdout() + next.stderr()).isZero();
        assertThat(next.stdout()).contains(agent + ": resuming its drain started at");
        assertThat(phase()).isEqualTo("DRAINED");
        assertThat(bed.docker("agent2", "ps", "-q", "--filter", "label=" + SessionLabels.USER + "=" + user)
                        .strip())
                .as("the session was stopped at the deadline")
                .isEmpty();
        List<JsonNode> audit = consoles.audit(agent);
        assertThat(count(audit, "DRAIN", "started")).isEqualTo(1);
        assertThat(count(audit, "DRAIN", "resumed")).isEqualTo(1);
        assertThat(count(audit, "STOP", "ok")).isEqualTo(1);
        assertThat(count(audit, "DRAIN", "drained")).isEqualTo(1);
    }
}
