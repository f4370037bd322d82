package dev.fleetdeck.testbed;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.DockerEngineSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The running test bed as a test sees it: its agents, its Redis, engines for the agents and the
 * docker CLI as an independent witness. Containers a test starts must carry {@link #testLabels()}
 * (the extension removes them after each test).
 */
public final class TestBed {

    /** The label that marks containers of this test run. */
    public static final String TEST_LABEL = "fleetdeck.test";

    public static final String IMAGE_VERSION = "1.0";
    private static final Duration CLI_LIMIT = Duration.ofSeconds(60);

    private final TestBedEnv env;
    private final String runId;
    private final List<DockerEngine> engines = new CopyOnWriteArrayList<>();

    TestBed(TestBedEnv env, String runId) {
        this.env = env;
        this.runId = runId;
    }

    /** Agent names in order: agent1, agent2, ... */
    public List<String> agents() {
        return List.copyOf(env.agents().keySet());
    }

    public URI host(String agent) {
        return Objects.requireNonNull(
                env.agents().get(agent),
                () -> "no agent " + agent + " in " + env.agents().keySet());
    }

    /** A fleet configuration's {@code agents:} list: every agent of the bed by name and host. */
    public String agentsYaml() {
        StringBuilder yaml = new StringBuilder("agents:\n");
        for (String agent : agents()) {
            yaml.append("  - name: ")
                    .append(agent)
                    .append("\n    host: ")
                    .append(host(agent))
                    .append('\n');
        }
        return yaml.toString();
    }

    public URI redisUri() {
        return env.redis();
    }

    /** {@code 127.0.0.1:PORT} of the bed's docker-registry, which holds every workspace image. */
    public String registry() {
        return env.registry()
                .orElseThrow(() -> new IllegalStateException("the test bed in " + env.dir()
                        + " has no registry; restart it: installer/testbed/testbed.sh down && up"));
    }

    /** The bed's Prometheus and node-exporters (Debian's packages, scraping every 2 s). */
    public TestBedEnv.Metrics metrics() {
        return env.metrics()
                .orElseThrow(() -> new IllegalStateException("the test bed in " + env.dir()
                        + " has no Prometheus; install prometheus and prometheus-node-exporter and restart it:"
                        + " installer/testbed/testbed.sh down && up"));
    }

    /** {@code http://127.0.0.1:PORT} of the bed's Prometheus. */
    public URI prometheus() {
        return metrics().prometheus();
    }

    /** {@code 127.0.0.1:PORT} of the agent's own node-exporter: its {@code instance} label. */
    public String nodeExporter(String agent) {
        return Objects.requireNonNull(metrics().nodeExporters().get(agent), () -> "no node-exporter for " + agent);
    }

    /** The agent as the console would configure it, with its node-exporter. */
    public AgentConfig agentConfigWithExporter(String agent) {
        AgentConfig a = agentConfig(agent);
        return new AgentConfig(
                a.name(),
                a.host(),
                a.tlsDir(),
                a.zone(),
                a.enabled(),
                a.cpuOverride(),
                a.ramOverride(),
                a.insecure(),
                nodeExporter(agent));
    }

    /** Stops the bed's Prometheus (its data and port are kept): the metrics server going away. */
    public void stopPrometheus() {
        script("stop-prometheus");
    }

    /** Starts it again and waits until it has scraped every exporter. */
    public void startPrometheus() {
        script("start-prometheus");
    }

    /** The console configuration the script writes for the TLS agent and the TLS + ACL Redis. */
    public Path tlsFleetConfig() {
        return env.dir().resolve("fleet-tls.yaml");
    }

    /** The bed's Redis Sentinel set: a master, a replica and a sentinel, for failover tests. */
    public TestBedSentinel sentinel() {
        return new TestBedSentinel(
                env.sentinel()
                        .orElseThrow(() -> new IllegalStateException("the test bed in " + env.dir()
                                + " has no Redis Sentinel; restart it: installer/testbed/testbed.sh down && up")),
                this::scriptRun);
    }

    /** The TLS agent and the TLS + ACL Redis of the bed. */
    public TestBedEnv.Tls tls() {
        return env.tls();
    }

    /**
     * The TLS agent as the console would configure it, with {@code certs} as its {@code tls:}
     * folder (null: none).
     */
    public AgentConfig tlsAgentConfig(Path certs) {
        return new AgentConfig(env.tls().agent(), env.tls().host(), certs, "east", true, 0, 0, false);
    }

    /** An engine for the TLS agent with the given client folder, closed after the test class. */
    public DockerEngine tlsEngine(Path certs, DockerEngineSettings settings) {
        DockerEngine engine = new DockerEngine(tlsAgentConfig(certs), settings);
        engines.add(engine);
        return engine;
    }

    /** {@code docker} against the TLS agent through its unix socket: a witness that needs no certificates. */
    public String tlsDocker(String... args) {
        return dockerAt(env.tls().socket(), args);
    }

    public String runId() {
        return runId;
    }

    /** Put these on every container a test creates. */
    public Map<String, String> testLabels() {
        return Map.of(TEST_LABEL, runId);
    }

    /** An image of the test bed, e.g. {@code image("firefox")} → {@code fleetdeck/firefox:1.0}. */
    public String image(String workspace) {
        return "fleetdeck/" + workspace + ":" + IMAGE_VERSION;
    }

    /** The agent as the console would configure it (odd agents in zone east, even in west). */
    public AgentConfig agentConfig(String agent) {
        int number = agents().indexOf(agent) + 1;
        return new AgentConfig(agent, host(agent), null, number % 2 == 1 ? "east" : "west", true, 0, 0, false);
    }

    /** An engine for the agent, closed by the extension after the test class. */
    public DockerEngine engine(String agent) {
        return engine(agent, DockerEngineSettings.defaults());
    }

    public DockerEngine engine(String agent, DockerEngineSettings settings) {
        DockerEngine engine = new DockerEngine(agentConfig(agent), settings);
        engines.add(engine);
        return engine;
    }

    /** Runs {@code docker -H <agent> args...} and returns its stdout; fails with its stderr. */
    public String docker(String agent, String... args) {
        return dockerAt(host(agent), args);
    }

    private static String dockerAt(URI host, String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", host.toString()));
        command.addAll(List.of(args));
        return ProcessRun.run(command, Map.of(), CLI_LIMIT).requireSuccess();
    }

    /** Stops one agent's engine (its containers die with it): an agent that goes away. */
    public void stopAgent(String agent) {
        agentScript("stop-agent", agent);
    }

    /**
     * Kills one agent's engine with SIGKILL, by the pid in its pid file (never by name), and waits
     * until the process is gone: an engine that crashes rather than shuts down. Its containers'
     * shims outlive it; {@link #startAgent} brings the engine back, which stops them.
     */
    public void killAgent(String agent) {
        Path pidFile = env.dir().resolve(agent).resolve("dockerd.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException(agent + "'s engine (pid " + pid + ") is not running"));
            process.destroyForcibly();
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("no pid file for " + agent + ": " + pidFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + agent, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(agent + "'s engine did not die within 10 s of SIGKILL", e);
        }
    }

    /**
     * Freezes one agent's engine with SIGSTOP (by its pid file): the kernel still accepts
     * connections on its socket, and nothing answers them, which is what a wedged or swamped
     * engine looks like. {@link #thawAgent} lets it run again.
     */
    public void freezeAgent(String agent) {
        signal(agent, "-STOP");
    }

    public void thawAgent(String agent) {
        signal(agent, "-CONT");
    }

    private void signal(String agent, String signal) {
        Path pidFile = env.dir().resolve(agent).resolve("dockerd.pid");
        try {
            String pid = Files.readString(pidFile).strip();
            ProcessRun.run(List.of("kill", signal, pid), Map.of(), Duration.ofSeconds(10))
                    .requireSuccess();
        } catch (IOException e) {
            throw new IllegalStateException("no pid file for " + agent + ": " + pidFile, e);
        }
    }

    /** Starts a stopped agent's engine again and waits until it answers. */
    public void startAgent(String agent) {
        agentScript("start-agent", agent);
    }

    private void agentScript(String command, String agent) {
        script(command, agent.replaceFirst("^agent", ""));
    }

    private void script(String command, String... args) {
        List<String> line = new ArrayList<>(List.of(command));
        line.addAll(List.of(args));
        scriptRun(line);
    }

    /** Runs {@code testbed.sh args...} on this bed; returns its stdout. */
    private String scriptRun(List<String> args) {
        Path script = new TestBedStarter(System.getenv(), Path.of("").toAbsolutePath())
                .script()
                .orElseThrow(() -> new IllegalStateException("cannot find " + TestBedStarter.SCRIPT));
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(args);
        return ProcessRun.run(command, Map.of("FLEETDECK_TESTBED_DIR", env.dir().toString()), Duration.ofSeconds(60))
                .requireSuccess();
    }

    /** Removes, on every agent of the bed, every container with {@code label=value} (any run's). */
    public void removeLabelled(String label, String value) {
        for (String agent : agents()) {
            String ids = docker(agent, "ps", "-aq", "--filter", "label=" + label + "=" + value)
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                docker(agent, args.toArray(String[]::new));
            }
        }
    }

    /** Removes, on every agent, the containers labelled with this run's label. */
    public void removeTestContainers() {
        List<String> problems = new ArrayList<>();
        Map<String, URI> sockets = new LinkedHashMap<>(env.agents());
        sockets.put(env.tls().agent(), env.tls().socket());
        for (Map.Entry<String, URI> agent : sockets.entrySet()) {
            try {
                String ids = dockerAt(agent.getValue(), "ps", "-aq", "--filter", "label=" + TEST_LABEL + "=" + runId)
                        .strip();
                if (!ids.isEmpty()) {
                    List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
                    args.addAll(List.of(ids.split("\\s+")));
                    dockerAt(agent.getValue(), args.toArray(String[]::new));
                }
            } catch (RuntimeException e) {
                problems.add(agent.getKey() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("could not remove test containers: " + problems);
        }
    }

    void closeEngines() {
        for (DockerEngine engine : engines) {
            try {
                engine.close();
            } catch (IOException e) {
                // closing is best effort here; the test already has its verdict
            }
        }
        engines.clear();
    }

    @Override
    public String toString() {
        return "TestBed[" + env.dir() + ", " + env.agents().keySet() + ", run " + runId + "]";
    }
}
