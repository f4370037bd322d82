package dev.fleetdeck.bench.soak;

import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.TestBedEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running test bed ({@code testbed.sh up 3}) as the soak drives it: its agents' sockets and the
 * Sentinel URI (read as the tests read them, {@link TestBedEnv}), and testbed.sh for the faults
 * (kill-engine, pause-engine, kill-master, ...).
 */
final class SoakBed {
    final Path dir;
    final Path script;
    final Map<String, String> agents = new LinkedHashMap<>();
    final String sentinel;

    SoakBed(Path root) {
        String d = System.getenv("FLEETDECK_TESTBED_DIR");
        if (d == null || d.isBlank()) {
            throw new IllegalStateException(
                    "set FLEETDECK_TESTBED_DIR to a test bed started with installer/testbed/testbed.sh up 3");
        }
        dir = Path.of(d);
        script = root.resolve("installer/testbed/testbed.sh");
        TestBedEnv env = TestBedEnv.read(dir)
                .orElseThrow(() ->
                        new IllegalStateException("no test bed in " + dir + " (installer/testbed/testbed.sh up 3)"));
        env.agents().forEach((name, uri) -> agents.put(name, uri.toString()));
        sentinel = env.sentinel().map(s -> s.uri().toString()).orElse(null);
        if (agents.size() < 3 || sentinel == null) {
            throw new IllegalStateException(
                    dir + "/testbed.env needs three agents and the Sentinel set (testbed.sh up 3)");
        }
    }

    List<String> agentNames() {
        return List.copyOf(agents.keySet());
    }

    /** The engines' unix socket paths, for counting connections to them. */
    List<String> socketPaths() {
        return agents.values().stream().map(u -> u.replaceFirst("^unix://", "")).toList();
    }

    /** {@code testbed.sh ARGS}: its stdout, or an exception with its stderr. */
    String testbed(String... args) {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        return ProcessRun.run(cmd, Map.of("FLEETDECK_TESTBED_DIR", dir.toString()), Duration.ofSeconds(90))
                .requireSuccess()
                .strip();
    }

    /** Every member of a Redis sorted set on the set's current master, one per line (redis-cli's raw output). */
    List<String> redisMembers(String key) {
        String port = testbed("sentinel-master");
        List<String> members = new ArrayList<>();
        for (String line : ProcessRun.run(
                        List.of("redis-cli", "-h", "127.0.0.1", "-p", port, "ZRANGE", key, "0", "-1"),
                        Map.of(),
                        Duration.ofSeconds(30))
                .requireSuccess()
                .split("\n", -1)) {
            if (!line.isBlank()) {
                members.add(line);
            }
        }
        return members;
    }

    /** Every field's value of a Redis hash on the set's current master (redis-cli raw output: field, value, ...). */
    List<String> redisHashValues(String key) {
        String port = testbed("sentinel-master");
        String[] lines = ProcessRun.run(
                        List.of("redis-cli", "-h", "127.0.0.1", "-p", port, "HGETALL", key),
                        Map.of(),
                        Duration.ofSeconds(30))
                .requireSuccess()
                .split("\\n", -1);
        List<String> values = new ArrayList<>();
        for (int i = 1; i < lines.length; i += 2) {
            values.add(lines[i]);
        }
        return values;
    }
}
