package dev.fleetdeck.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fleet's staging pools kept by {@code fleetdeck keeper} and claimed by {@code fleetdeck launch},
 * each a JVM of its own, on the real test bed: once with the embedded default (the pool store is a
 * file under the shared data folder, the keeper lease a file lock), once with Redis (a server of
 * this test's own, so no other test's keys are seen).
 */
@RealTestBed
class FleetPoolProcessesTest {
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    Path dir;

    private TestBed bed;
    private OwnRedis redis;
    private Path data;
    private final List<Process> keepers = new ArrayList<>();
    private final List<String> users = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        keepers.forEach(Process::destroyForcibly);
        for (Process p : keepers) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Staged and claimed sessions carry the staged label; this test bed's engines are ours alone.
        List<String> filters = new ArrayList<>(List.of(SessionLabels.STAGED + "=true"));
        users.forEach(u -> filters.add(SessionLabels.USER + "=" + u));
        for (String agent : bed.agents()) {
            for (String filter : filters) {
                String ids = bed.docker(agent, "ps", "-aq", "--filter", "label=" + filter)
                        .strip();
                if (!ids.isEmpty()) {
                    List<String> args = new ArrayList<>(List.of("rm", "-f"));
                    args.addAll(List.of(ids.split("\\s+")));
                    bed.docker(agent, args.toArray(String[]::new));
                }
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Path config(String backend, int poolSize) throws IOException {
        StringBuilder yaml = new StringBuilder(bed.agentsYaml());
        if (backend.equals("redis")) {
            if (redis == null) {
                redis = new OwnRedis(Files.createDirectories(dir.resolve("redis")));
            }
            yaml.append("redis: ").append(redis.uri()).append('\n');
        }
        yaml.append("workspaces:\n  - name: firefox\n    image: ")
                .append(bed.image("firefox"))
                .append("\n    cores: 0.25\n    memory: 128m\n    targetSeconds: 30\n    poolSize: ")
                .append(poolSize)
                .append("\nsettings:\n  maxSessionsPerUser: 50\n  agentTimeout: 15s\n  keeperLease: ")
                .append(LEASE.toSeconds())
                .append("s\n");
        return Files.writeString(dir.resolve("fleet-" + poolSize + ".yaml"), yaml);
    }

    private List<String> fleetdeck(Path config, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--config",
                config.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Map<String, String> env() {
        return Map.of("FLEETDECK_DATA_DIR", data.toString());
    }

    private ProcessRun run(Path config, String... args) {
        return ProcessRun.run(fleetdeck(config, args), env(), Duration.ofSeconds(400));
    }

    private Process keeper(Path config, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(fleetdeck(config, "keeper"));
        pb.environment().putAll(env());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Process p = pb.start();
        keepers.add(p);
        return p;
    }

    private String log(String name) {
        try {
            Path f = dir.resolve(name + ".log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Containers labelled staged on every agent (claimed ones too: Docker cannot relabel them), by id. */
    private Set<String> stagedContainers() {
        Set<String> ids = new HashSet<>();
        for (String agent : bed.agents()) {
            String out = bed.docker(
                            agent,
                            "ps",
                            "-q",
                            "--no-trunc",
                            "--filter",
                            "label=" + SessionLabels.STAGED + "=true",
                            "--filter",
                            "health=healthy")
                    .strip();
            if (!out.isEmpty()) {
                ids.addAll(List.of(out.split("\\s+")));
            }
        }
        return ids;
    }

    private static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static List<JsonNode> lines(String stdout) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith("{")) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private JsonNode poolStatus(Path config) throws IOException {
        ProcessRun r = run(config, "pool", "status", "--json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return JSON.readTree(r.stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "redis"})
    void aKeeperStagesTheLaunchOfAnotherProcessClaimsOneAndThePoolRefills(String backend, TestBed testBed)
            throws Exception {
        bed = testBed;
        data = Files.createDirectories(dir.resolve("data"));
        Path config = config(backend, 2);
        Process keeper = keeper(config, "keeper");
        await(
                "two staged sessions",
                Duration.ofMinutes(3),
                () -> stagedContainers().size() == 2);
        Set<String> staged = stagedContainers();
        String user = "claim-" + bed.runId();

        ProcessRun launch = run(config, "launch", "--type", "firefox", "--user", user, "--json");

        assertThat(launch.exitCode()).as(launch.stderr()).isZero();
        JsonNode record = lines(launch.stdout()).get(0);
        assertThat(record.get("staged").asBoolean()).as(launch.stdout()).isTrue();
        // The claim (one read of the store, the atomic claim, a look at the container) creates
        // nothing and waits for no readiness; its time is printed below and measured by
        // StagedLaunchBench, not bounded here (a bound fails on a loaded machine, not on a bug).
        assertThat(record.at("/performance/readinessSource").asText())
                .as(record.toString())
                .isEqualTo("staged");
        assertThat(record.at("/performance/sessionCreateDurationMs").asLong())
                .as(record.toString())
                .isZero();
        System.out.println("staged launch (" + backend + "): " + record.get("performance"));
        assertThat(staged).contains(record.get("containerId").asText());
        // Refilled: two waiting again beside the one the user took.
        await(
                "the pool refilled",
                Duration.ofSeconds(60),
                () -> stagedContainers().size() == 3);
        JsonNode status = poolStatus(config);
        JsonNode pool = status.get("pools").get(0);
        assertThat(pool.get("ready").asInt()).isEqualTo(2);
        assertThat(pool.get("size").asInt()).isEqualTo(2);
        assertThat(pool.get("claimedToday").asInt()).isEqualTo(1);
        assertThat(status.get("keptBy").asText()).endsWith("pid " + keeper.pid());
        // Any other process sees the claimed session as the user's, not "(staged)".
        ProcessRun sessions = run(config, "sessions", "--json", "--user", user);
        assertThat(sessions.stdout()).contains(record.get("sessionId").asText());
        assertThat(log("keeper")).contains("keeping the staging pools").contains("staged fd-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "redis"})
    void twoKeepersKeepOnePoolAKilledOneIsReplacedWithinALeaseAndSizeZeroLeavesNothing(String backend, TestBed testBed)
            throws Exception {
        bed = testBed;
        data = Files.createDirectories(dir.resolve("data"));
        Path config = config(backend, 3);
        Process a = keeper(config, "a");
        Process b = keeper(config, "b");
        await(
                "three staged sessions",
                Duration.ofMinutes(3),
                () -> stagedContainers().size() >= 3);
        int most = 0;
        for (int i = 0; i < 20; i++) {
            most = Math.max(most, stagedContainers().size());
            Thread.sleep(250);
        }
        assertThat(most).as("never more than poolSize staged").isEqualTo(3);
        boolean aKeeps = log("a").contains("keeping the staging pools");
        assertThat(aKeeps)
                .as("exactly one keeps:\n" + log("a") + "\n---\n" + log("b"))
                .isNotEqualTo(log("b").contains("keeping the staging pools"));
        Process holder = aKeeps ? a : b;
        String other = aKeeps ? "b" : "a";

        long killed = System.nanoTime();
        holder.destroyForcibly(); // SIGKILL: no lease released
        await(
                "the other keeper takes over",
                LEASE.plusSeconds(5),
                () -> log(other).contains("keeping the staging pools"));
        long tookMs = (System.nanoTime() - killed) / 1_000_000;
        assertThat(tookMs)
                .as("taken over within one lease period (" + LEASE.toMillis() + " ms)")
                .isLessThanOrEqualTo(LEASE.toMillis());
        assertThat(stagedContainers()).hasSize(3);

        // The pool set to 0: the next keeper removes every staged session.
        (aKeeps ? b : a).destroy();
        (aKeeps ? b : a).waitFor(20, TimeUnit.SECONDS);
        Path none = config(backend, 0);
        keeper(none, "zero");
        await(
                "no staged container left",
                Duration.ofSeconds(60),
                () -> stagedContainers().isEmpty());
        assertThat(log("zero")).contains("its pool has size 0");
        System.out.println("keeper takeover after SIGKILL (" + backend + "): " + tookMs + " ms, lease "
                + LEASE.toMillis() + " ms");
    }

    /** Staged containers per agent. */
    private Map<String, Integer> stagedPerAgent() {
        Map<String, Integer> out = new TreeMap<>();
        for (String agent : bed.agents()) {
            String ids = bed.docker(
                            agent,
                            "ps",
                            "-q",
                            "--filter",
                            "label=" + SessionLabels.STAGED + "=true",
                            "--filter",
                            "health=healthy")
                    .strip();
            out.put(agent, ids.isEmpty() ? 0 : ids.split("\\s+").length);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "redis"})
    void aCordonedAgentLosesItsStagedSessionsAndGetsNoNewOnes(String backend, TestBed testBed) throws Exception {
        bed = testBed;
        data = Files.createDirectories(dir.resolve("data"));
        Path config = config(backend, 3);
        keeper(config, "keeper");
        await(
                "three staged sessions",
                Duration.ofMinutes(3),
                () -> stagedContainers().size() == 3);
        String cordoned = stagedPerAgent().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .findFirst()
                .orElseThrow()
                .getKey();

        ProcessRun cordon = run(config, "cordon", cordoned);

        assertThat(cordon.exitCode()).as(cordon.stderr()).isZero();
        await(
                "the staged sessions leave " + cordoned,
                Duration.ofSeconds(90),
                () -> stagedPerAgent().get(cordoned) == 0 && stagedContainers().size() == 3);
        for (int i = 0; i < 20; i++) {
            assertThat(stagedPerAgent().get(cordoned))
                    .as("no new staged session on the cordoned agent")
                    .isZero();
            Thread.sleep(250);
        }
        assertThat(log("keeper")).contains("on " + cordoned + ": the agent takes no new sessions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "redis"})
    void twentyLaunchesFromFourProcessesAgainstAPoolOfFiveClaimEachStagedSessionOnce(String backend, TestBed testBed)
            throws Exception {
        bed = testBed;
        data = Files.createDirectories(dir.resolve("data"));
        Path config = config(backend, 5);
        Process keeper = keeper(config, "keeper");
        await(
                "five staged sessions",
                Duration.ofMinutes(3),
                () -> stagedContainers().size() == 5);
        Set<String> staged = stagedContainers();
        // Stopped (SIGTERM), so no refill mixes in: the five stay staged for the launches.
        keeper.destroy();
        assertThat(keeper.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(log("keeper")).contains("stopping: the staged sessions stay");
        assertThat(stagedContainers()).isEqualTo(staged);

        String user = "many-" + bed.runId();
        users.add(user);
        List<CompletableFuture<ProcessRun>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> run(
                    config,
                    "launch",
                    "--type",
                    "firefox",
                    "--user",
                    user,
                    "--count",
                    "5",
                    "--parallel",
                    "5",
                    "--json")));
        }
        List<JsonNode> records = new ArrayList<>();
        for (CompletableFuture<ProcessRun> f : runs) {
            ProcessRun r = f.get(420, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            records.addAll(lines(r.stdout()));
        }

        assertThat(records)
                .hasSize(20)
                .allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("ready"));
        List<String> containers =
                records.stream().map(r -> r.get("containerId").asText()).toList();
        assertThat(new HashSet<>(containers)).as("no container claimed twice").hasSize(20);
        List<String> claimed = records.stream()
                .filter(r -> r.get("staged").asBoolean())
                .map(r -> r.get("containerId").asText())
                .toList();
        assertThat(claimed).as("five staged claims").hasSize(5);
        assertThat(new HashSet<>(claimed)).isEqualTo(staged);
        // A claim creates nothing and waits for no readiness (the pool's container is already
        // healthy). Said by the record's phases, not by a time: a bound of 500 ms on the claim's
        // placement failed CI at 773 ms when four JVMs shared two loaded cores.
        assertThat(records.stream().filter(r -> r.get("staged").asBoolean())).allSatisfy(r -> {
            assertThat(r.at("/performance/readinessSource").asText())
                    .as(r.toString())
                    .isEqualTo("staged");
            assertThat(r.at("/performance/sessionCreateDurationMs").asLong())
                    .as(r.toString())
                    .isZero();
            assertThat(r.at("/performance/statusCheckAttempts").asLong())
                    .as(r.toString())
                    .isZero();
        });
    }
}
