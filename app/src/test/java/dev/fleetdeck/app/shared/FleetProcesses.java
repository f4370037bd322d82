package dev.fleetdeck.app.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Main;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Operators on one machine, each command its own JVM ({@code java -cp <test classpath> Main}),
 * sharing one data folder and configuration: what two terminals of one workstation are.
 */
public final class FleetProcesses implements AutoCloseable {
    private final List<String> fleet;
    private final Path data;
    private final ExecutorService parallel = Executors.newCachedThreadPool();
    private final ObjectMapper json = Json.mapper();

    FleetProcesses(Path config, Path data) {
        this(List.of("--config", config.toString()), data);
    }

    /** @param fleet the options choosing the fleet, e.g. {@code --demo} */
    public FleetProcesses(List<String> fleet, Path data) {
        this.fleet = List.copyOf(fleet);
        this.data = data;
    }

    /** The test bed's agents with optional overrides, a one-line workspace, Redis or not. */
    static Path config(
            Path dir,
            TestBed bed,
            List<String> agents,
            Map<String, Double> cpuOverride,
            double cores,
            int maxPerUser,
            boolean redis) {
        StringBuilder yaml = new StringBuilder("agents:\n");
        for (String agent : agents) {
            yaml.append("  - name: ")
                    .append(agent)
                    .append("\n    host: ")
                    .append(bed.host(agent))
                    .append('\n');
            if (cpuOverride.containsKey(agent)) {
                yaml.append("    cpuOverride: ").append(cpuOverride.get(agent)).append('\n');
            }
        }
        if (redis) {
            yaml.append("redis: ").append(bed.redisUri()).append('\n');
        }
        yaml.append("workspaces:\n  - name: firefox\n    image: ")
                .append(bed.image("firefox"))
                .append("\n    cores: ")
                .append(cores)
                .append("\n    memory: 64m\n    targetSeconds: 30\n")
                .append("settings:\n  maxSessionsPerUser: ")
                .append(maxPerUser)
                // A machine busy with several JVMs starting at once answers slower than 3 s at times.
                .append("\n  agentTimeout: 15s\n");
        try {
            return Files.writeString(dir.resolve(redis ? "fleet-redis.yaml" : "fleet.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ProcessRun run(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // A command runs for seconds: the quick compiler and a small collector start it cheapest.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                Main.class.getName()));
        command.addAll(fleet);
        command.addAll(List.of(args));
        return ProcessRun.run(command, Map.of("FLEETDECK_DATA_DIR", data.toString()), Duration.ofMinutes(2));
    }

    /** {@code n} processes started together, each running {@code args}. */
    List<ProcessRun> together(int n, String... args) {
        List<CompletableFuture<ProcessRun>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> run(args), parallel));
        }
        return runs.stream().map(CompletableFuture::join).toList();
    }

    /** One process per command line, all started together. */
    List<ProcessRun> together(List<List<String>> commands) {
        List<CompletableFuture<ProcessRun>> runs = new ArrayList<>();
        for (List<String> args : commands) {
            runs.add(CompletableFuture.supplyAsync(() -> run(args.toArray(String[]::new)), parallel));
        }
        return runs.stream().map(CompletableFuture::join).toList();
    }

    /** What the processes said, for an assertion's message (not their long command lines). */
    static String show(List<ProcessRun> runs) {
        StringBuilder sb = new StringBuilder();
        for (ProcessRun r : runs) {
            sb.append("\n[exit ")
                    .append(r.exitCode())
                    .append("] ")
                    .append(r.stdout().strip())
                    .append(' ')
                    .append(r.stderr().strip());
        }
        return sb.toString();
    }

    /** The agent of each startup record a {@code launch --json} printed. */
    List<String> agentsOf(List<ProcessRun> runs) {
        List<String> agents = new ArrayList<>();
        for (ProcessRun r : runs) {
            for (String line : r.stdout().strip().lines().toList()) {
                if (line.startsWith("{")) {
                    agents.add(record(line).path("agent").asText(null));
                }
            }
        }
        return agents;
    }

    JsonNode record(String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object {@code agents --json} printed for one agent. */
    public JsonNode agentJson(String agent) {
        ProcessRun r = run("agents", "--json");
        for (JsonNode a : record(r.stdout())) {
            if (a.path("name").asText().equals(agent)) {
                return a;
            }
        }
        throw new AssertionError("no " + agent + " in agents --json: " + r.stdout() + r.stderr());
    }

    /** Session containers of {@code user} on {@code agent}, running or not. */
    static int sessions(TestBed bed, String agent, String user) {
        String ids = bed.docker(agent, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=" + user)
                .strip();
        return ids.isEmpty() ? 0 : ids.split("\\s+").length;
    }

    static void removeSessions(TestBed bed, String user) {
        for (String agent : bed.agents()) {
            String ids = bed.docker(agent, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=" + user)
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                bed.docker(agent, args.toArray(String[]::new));
            }
        }
    }

    @Override
    public void close() {
        parallel.shutdownNow();
    }
}
