package dev.fleetdeck.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.ProcessRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consoles and commands as separate JVMs on one fleet configuration and data folder: what two
 * operators at one workstation run. Each gets {@code java -cp <test classpath> Main --config F}.
 */
final class ConsoleProcesses {
    private static final ObjectMapper JSON = Json.mapper();
    private final Path config;
    private final Path dir;
    private final Map<String, String> env;

    ConsoleProcesses(Path config, Path dir, Map<String, String> env) {
        this.config = config;
        this.dir = dir;
        this.env = new HashMap<>(env);
        this.env.put("FLEETDECK_DATA_DIR", dir.resolve("data").toString());
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--config",
                config.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command to its end. */
    ProcessRun run(Duration limit, String... args) {
        return ProcessRun.run(command(args), env, limit);
    }

    /** Starts a command in the background; its output goes to {@code name}.out / .err in the test folder. */
    Process start(String name, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    String output(String name) {
        try {
            return Files.readString(dir.resolve(name + ".out")) + Files.readString(dir.resolve(name + ".err"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code fleetdeck audit --json} from a process of its own: the entries about {@code agent}. */
    List<JsonNode> audit(String agent) throws IOException {
        ProcessRun r = run(Duration.ofSeconds(60), "audit", "--json", "--since", "1h");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("audit exited " + r.exitCode() + ": " + r.stderr());
        }
        List<JsonNode> entries = new ArrayList<>();
        for (String line : r.stdout().strip().lines().toList()) {
            JsonNode n = JSON.readTree(line);
            if (agent.equals(n.path("agent").asText())) {
                entries.add(n);
            }
        }
        return entries;
    }

    static long count(List<JsonNode> entries, String action, String outcome) {
        return entries.stream()
                .filter(e -> e.path("action").asText().equals(action)
                        && e.path("outcome").asText().equals(outcome))
                .count();
    }
}
