package dev.fleetdeck.testbed;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.DockerEngineSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.opentest4j.TestAbortedException;

/**
 * Finds the test bed, or starts it with {@code testbed.sh up 3} when it is not up (and then stops
 * it when the JVM exits). Reads its environment through the map it is given, so the decisions
 * can be tested with a fake script.
 */
final class TestBedStarter {

    static final String DEFAULT_DIR = "/tmp/fleetdeck-testbed";
    static final String SCRIPT = "installer/testbed/testbed.sh";
    private static final int AGENTS = 3;
    private static final Duration START_LIMIT = Duration.ofMinutes(5);

    private final Map<String, String> environment;
    private final Path workingDir;

    TestBedStarter(Map<String, String> environment, Path workingDir) {
        this.environment = environment;
        this.workingDir = workingDir;
    }

    /** What the attempt gave: a test bed, or why there is none. */
    record Outcome(TestBed bed, String problem, boolean ci) {

        /** The bed, or a failure on CI (a missing bed must never pass as green), else an abort. */
        TestBed require() {
            if (bed != null) {
                return bed;
            }
            if (ci) {
                return Assertions.fail(
                        "The real test bed is required on CI (CI=true) but is not available.\n" + problem);
            }
            throw new TestAbortedException("\n*** REAL TEST BED NOT AVAILABLE: test not run ***\n" + problem);
        }
    }

    Path stateDir() {
        String dir = environment.get("FLEETDECK_TESTBED_DIR");
        return Path.of(dir == null || dir.isBlank() ? DEFAULT_DIR : dir);
    }

    boolean ci() {
        return "true".equalsIgnoreCase(environment.getOrDefault("CI", ""));
    }

    Outcome findOrStart() {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Path dir = stateDir();
        Optional<String> upProblem = problemWithRunningBed(dir);
        if (upProblem.isEmpty()) {
            return new Outcome(new TestBed(TestBedEnv.read(dir).orElseThrow(), runId), null, ci());
        }
        Optional<Path> script = script();
        if (script.isEmpty()) {
            return new Outcome(
                    null,
                    "Test bed in " + dir + ": " + upProblem.get() + ", and " + SCRIPT
                            + " was not found (FLEETDECK_PROJECT_ROOT=" + environment.get("FLEETDECK_PROJECT_ROOT")
                            + ", working directory " + workingDir + ").",
                    ci());
        }
        // Only a bed nobody was running is ours to stop: another JVM may be mid-way starting this one.
        boolean ours = !anyProcessAlive(dir);
        ProcessRun up = ProcessRun.run(
                List.of(script.get().toString(), "up", String.valueOf(AGENTS)),
                Map.of("FLEETDECK_TESTBED_DIR", dir.toString()),
                START_LIMIT);
        Optional<String> afterStart = up.exitCode() == 0 ? problemWithRunningBed(dir) : Optional.of("start failed");
        if (ours && Files.exists(dir)) {
            // Whatever we started, even half of it, is ours to stop.
            registerStop(script.get(), dir);
        }
        if (afterStart.isPresent()) {
            return new Outcome(
                    null,
                    "Test bed in " + dir + " is not up and starting it failed ("
                            + afterStart.get() + ").\n" + howToStart(script.get(), dir)
                            + "\n--- " + script.get() + " up " + AGENTS + " (exit " + up.exitCode() + ") ---\n"
                            + tail(up.stdout() + up.stderr(), 40),
                    ci());
        }
        return new Outcome(new TestBed(TestBedEnv.read(dir).orElseThrow(), runId), null, ci());
    }

    /** Empty when the env file exists and every agent and Redis answer. */
    private Optional<String> problemWithRunningBed(Path dir) {
        Optional<TestBedEnv> env;
        try {
            env = TestBedEnv.read(dir);
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
        if (env.isEmpty()) {
            return Optional.of("no " + dir.resolve(TestBedEnv.FILE_NAME));
        }
        DockerEngineSettings quick = new DockerEngineSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 1);
        for (Map.Entry<String, URI> agent : env.get().agents().entrySet()) {
            AgentConfig config = new AgentConfig(
                    agent.getKey(), agent.getValue(), null, AgentConfig.DEFAULT_ZONE, true, 0, 0, false);
            try (DockerEngine engine = new DockerEngine(config, quick)) {
                engine.ping();
            } catch (Exception e) {
                return Optional.of(e.getMessage());
            }
        }
        TestBedEnv.Tls tls = env.get().tls();
        AgentConfig tlsAgent = new AgentConfig(
                tls.agent(), tls.host(), tls.clientCerts(), AgentConfig.DEFAULT_ZONE, true, 0, 0, false);
        try (DockerEngine engine = new DockerEngine(tlsAgent, quick)) {
            engine.ping();
        } catch (Exception e) {
            return Optional.of(e.getMessage());
        }
        for (URI redis : List.of(env.get().redis(), tls.redis())) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(redis.getHost(), redis.getPort()), 2000);
            } catch (IOException e) {
                return Optional.of("redis at " + redis + " does not answer: " + e.getMessage());
            }
        }
        if (env.get().sentinel().isEmpty()) {
            return Optional.of(
                    "no Redis Sentinel in " + dir.resolve(TestBedEnv.FILE_NAME) + " (a bed from an older testbed.sh)");
        }
        if (env.get().registry().isEmpty()) {
            return Optional.of(
                    "no registry in " + dir.resolve(TestBedEnv.FILE_NAME) + " (a bed from an older testbed.sh)");
        }
        String registry = env.get().registry().get();
        try (Socket socket = new Socket()) {
            int colon = registry.lastIndexOf(':');
            socket.connect(
                    new InetSocketAddress(
                            registry.substring(0, colon), Integer.parseInt(registry.substring(colon + 1))),
                    2000);
        } catch (IOException | RuntimeException e) {
            return Optional.of("the registry at " + registry + " does not answer: " + e.getMessage());
        }
        if (env.get().metrics().isEmpty()) {
            return Optional.of(
                    "no Prometheus in " + dir.resolve(TestBedEnv.FILE_NAME) + " (a bed from an older testbed.sh)");
        }
        URI prometheus = env.get().metrics().get().prometheus();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(prometheus.getHost(), prometheus.getPort()), 2000);
        } catch (IOException e) {
            return Optional.of("Prometheus at " + prometheus + " does not answer: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether any engine or Redis of the bed in {@code dir} runs, by the pid files the script writes. */
    private static boolean anyProcessAlive(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .anyMatch(TestBedStarter::alive);
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean alive(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** FLEETDECK_PROJECT_ROOT (set by surefire), else the nearest ancestor holding the script. */
    Optional<Path> script() {
        String root = environment.get("FLEETDECK_PROJECT_ROOT");
        if (root != null && !root.isBlank()) {
            Path candidate = Path.of(root).resolve(SCRIPT);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        for (Path dir = workingDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SCRIPT);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void registerStop(Path script, Path dir) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            ProcessRun down = ProcessRun.run(
                                    List.of(script.toString(), "down"),
                                    Map.of("FLEETDECK_TESTBED_DIR", dir.toString()),
                                    Duration.ofMinutes(2));
                            if (down.exitCode() != 0) {
                                System.err.println(
                                        "testbed down failed (exit " + down.exitCode() + "): " + down.stderr());
                            }
                        },
                        "fleetdeck-testbed-down"));
    }

    private static String howToStart(Path script, Path dir) {
        return "Start it yourself (as root) with:  FLEETDECK_TESTBED_DIR=" + dir + " " + script + " up " + AGENTS;
    }

    private static String tail(String text, int lines) {
        String[] all = text.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.asList(all).subList(from, all.length));
    }
}
