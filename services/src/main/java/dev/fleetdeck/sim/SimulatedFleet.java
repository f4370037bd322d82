package dev.fleetdeck.sim;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.SessionLabels;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A fleet of {@link SimulatedEngine}s: the demo fleet (a dozen agents in two zones) and the large
 * fleets of scale tests. Agents are named {@code sim-<zone>-NN} and their hosts use the
 * {@code sim://} scheme, so nothing can mistake them for real engines.
 */
public final class SimulatedFleet implements AutoCloseable {
    public static final String SCHEME = "sim";

    private final Map<String, SimulatedEngine> engines = new LinkedHashMap<>();
    private final List<AgentConfig> configs = new ArrayList<>();
    private final List<WorkspaceType> workspaces;
    private final SplittableRandom random;
    private final SimulatedRegistry registry = new SimulatedRegistry();
    private long sessionCounter;

    public SimulatedFleet(
            int agents, List<String> zones, List<WorkspaceType> workspaces, long seed, LongSupplier nanoClock) {
        this.workspaces = List.copyOf(workspaces);
        this.random = new SplittableRandom(seed);
        Set<String> images = workspaces.stream().map(WorkspaceType::image).collect(Collectors.toSet());
        int[] cpuChoices = {16, 16, 32, 24};
        long gib = 1L << 30;
        for (int i = 0; i < agents; i++) {
            String zone = zones.get(i % zones.size());
            String name = String.format("sim-%s-%02d", zone, i / zones.size() + 1);
            int cpus = cpuChoices[i % cpuChoices.length];
            SimulatedEngine engine =
                    new SimulatedEngine(name, cpus, cpus * 4L * gib, images, random.nextLong(), nanoClock);
            engine.useRegistry(registry);
            engines.put(name, engine);
            configs.add(new AgentConfig(name, URI.create(SCHEME + "://" + name), null, zone, true, 0, 0, false));
        }
    }

    /** The demo fleet: twelve agents in two zones. */
    public static SimulatedFleet demo(List<WorkspaceType> workspaces, long seed) {
        return new SimulatedFleet(12, List.of("east", "west"), workspaces, seed, System::nanoTime);
    }

    public List<AgentConfig> agentConfigs() {
        return List.copyOf(configs);
    }

    /** The one registry every agent of this fleet pulls from. */
    public SimulatedRegistry registry() {
        return registry;
    }

    public SimulatedEngine engine(String agent) {
        return engines.get(agent);
    }

    public Map<String, AgentEngine> engines() {
        return new LinkedHashMap<>(engines);
    }

    public List<WorkspaceType> workspaces() {
        return workspaces;
    }

    /** Starts {@code count} sessions spread over the agents, as if users had launched them. */
    public void seedSessions(int count) {
        List<SimulatedEngine> list = new ArrayList<>(engines.values());
        for (int i = 0; i < count; i++) {
            SimulatedEngine engine = list.get(i % list.size());
            WorkspaceType ws = workspaces.get(random.nextInt(workspaces.size()));
            startSession(engine, ws, "user" + random.nextInt(Math.max(1, count / 2)));
        }
    }

    /** Creates and starts one session container directly (no pipeline); returns its container id. */
    public String startSession(SimulatedEngine engine, WorkspaceType ws, String user) {
        return startSession(engine, ws, user, false);
    }

    /**
     * A session labelled as a staging launch labels it, waiting for a user: what the fleet and
     * sessions views show of a pool, without the pipeline that fills one.
     */
    public String startStagedSession(SimulatedEngine engine, WorkspaceType ws) {
        return startSession(engine, ws, "(staged)", true);
    }

    private String startSession(SimulatedEngine engine, WorkspaceType ws, String user, boolean staged) {
        String sessionId =
                "s-" + Long.toString(++sessionCounter, 36) + "-" + Integer.toString(random.nextInt(1 << 20), 36);
        Map<String, String> labels = new HashMap<>(Map.of(
                SessionLabels.SESSION, sessionId,
                SessionLabels.USER, user,
                SessionLabels.WORKSPACE, ws.name(),
                SessionLabels.CORES, Double.toString(ws.cores()),
                SessionLabels.MEMORY, Long.toString(ws.memoryBytes())));
        if (staged) {
            labels.put(SessionLabels.STAGED, "true");
        }
        long shares = ws.cpuAllocation() == CpuAllocation.SHARES ? Math.round(ws.cores() * 1024) : 0;
        long nanos = ws.cpuAllocation() == CpuAllocation.QUOTAS ? Math.round(ws.cores() * 1e9) : 0;
        ContainerSpec spec = new ContainerSpec(
                ws.image(), "fleetdeck-" + sessionId, labels, Map.of(), ws.memoryBytes(), shares, nanos, 0, List.of());
        try {
            String id = engine.create(spec);
            engine.start(id);
            engine.becomeHealthy(id);
            return id;
        } catch (AgentEngine.EngineException e) {
            throw new IllegalStateException("simulated engine refused a session: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        engines.values().forEach(SimulatedEngine::close);
    }
}
