package dev.fleetdeck.bench;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.DockerEngineSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The running test bed as a benchmark sees it ({@code testbed.sh up} wrote
 * {@code $FLEETDECK_TESTBED_DIR/testbed.env}): its agents, engines for them, the docker CLI, and
 * the label every container a benchmark creates carries, so it can remove exactly those.
 */
final class BenchBed implements AutoCloseable {
    static final String LABEL = "fleetdeck.bench";

    final Path dir;
    final Map<String, URI> agents = new LinkedHashMap<>();
    final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final List<DockerEngine> engines = new ArrayList<>();

    BenchBed() {
        String d = System.getenv("FLEETDECK_TESTBED_DIR");
        if (d == null || d.isBlank()) {
            throw new IllegalStateException("set FLEETDECK_TESTBED_DIR to the test bed's directory (testbed.sh up)");
        }
        dir = Path.of(d);
        try {
            for (String line : Files.readAllLines(dir.resolve("testbed.env"))) {
                if (line.startsWith("FLEETDECK_TESTBED_AGENTS=")) {
                    for (String entry : line.substring(line.indexOf('=') + 1).split(",", -1)) {
                        int eq = entry.indexOf('=');
                        agents.put(
                                entry.substring(0, eq).trim(),
                                URI.create(entry.substring(eq + 1).trim()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no test bed in " + dir + " (run installer/testbed/testbed.sh up 2)", e);
        }
        if (agents.isEmpty()) {
            throw new IllegalStateException(dir + "/testbed.env names no agents");
        }
    }

    List<String> agentNames() {
        return List.copyOf(agents.keySet());
    }

    AgentConfig config(String agent) {
        int number = agentNames().indexOf(agent) + 1;
        return new AgentConfig(agent, agents.get(agent), null, number % 2 == 1 ? "east" : "west", true, 0, 0, false);
    }

    DockerEngine engine(String agent) {
        DockerEngine e = new DockerEngine(config(agent), DockerEngineSettings.defaults());
        engines.add(e);
        return e;
    }

    Map<String, String> labels() {
        return Map.of(LABEL, runId);
    }

    /** {@code docker -H <agent> args…}: its stdout; fails with its stderr. */
    String docker(String agent, String... args) {
        List<String> cmd =
                new ArrayList<>(List.of("docker", "-H", agents.get(agent).toString()));
        cmd.addAll(Arrays.asList(args));
        return run(cmd);
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Removes the containers of this run on every agent, selected by {@code label=value}. */
    void removeLabelled(String label, String value) {
        for (String agent : agentNames()) {
            String ids = docker(agent, "ps", "-aq", "--filter", "label=" + label + "=" + value)
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
                args.addAll(Arrays.asList(ids.split("\\s+")));
                docker(agent, args.toArray(String[]::new));
            }
        }
    }

    void removeOurs() {
        removeLabelled(LABEL, runId);
    }

    @Override
    public void close() {
        for (DockerEngine e : engines) {
            try {
                e.close();
            } catch (IOException ignored) {
                // best effort at the end of a run
            }
        }
    }

    static String machine() {
        return String.format(
                Locale.ROOT,
                "%d cores, %s %s, JDK %s, max heap %d MB",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20);
    }
}
