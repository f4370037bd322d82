package dev.fleetdeck.story;

import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.drain.AtDeadline;
import dev.fleetdeck.drain.DrainOptions;
import dev.fleetdeck.drain.DrainService;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.launch.BulkLaunch;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.pool.StagingPool;
import dev.fleetdeck.pool.StagingPools;
import dev.fleetdeck.sim.SimulatedEngine;
import dev.fleetdeck.sim.SimulatedFleet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The story acted on the simulated demo fleet, through the same services the window uses:
 * launches go through the real pipeline and the pools, drains through the drain service; only
 * what no service can do to a real agent (an outage, a RAM-hungry job, a broken image) is done
 * to the simulated engines.
 */
public final class SimulatedStage implements StoryStage {
    static final String BALLAST_IMAGE = "ops/nightly-indexer:2.3";

    private final SimulatedFleet sim;
    private final FleetMonitor fleet;
    private final BulkLaunch launches;
    private final StagingPools pools;
    private final DrainService drains;
    private final List<WorkspaceType> catalog;
    private final List<String> zones;
    private final SizingAdvice advice;
    private final Map<StoryAction, Runnable> undos = new HashMap<>();
    private int waves;

    public SimulatedStage(
            SimulatedFleet sim,
            FleetMonitor fleet,
            BulkLaunch launches,
            StagingPools pools,
            DrainService drains,
            List<WorkspaceType> catalog,
            List<String> zones,
            SizingAdvice advice) {
        this.sim = sim;
        this.fleet = fleet;
        this.launches = launches;
        this.pools = pools;
        this.drains = drains;
        this.catalog = List.copyOf(catalog);
        this.zones = List.copyOf(zones);
        this.advice = advice;
    }

    @Override
    public String apply(StoryAction action) throws Exception {
        if (action instanceof StoryAction.ResizePools r) {
            resize(r);
        } else if (action instanceof StoryAction.LaunchWave w) {
            wave(w.type(), w.count(), w.userPrefix());
        } else if (action instanceof StoryAction.AgentDown d) {
            engine(d.agent()).setDown(true);
            undos.put(action, () -> engine(d.agent()).setDown(false));
        } else if (action instanceof StoryAction.AgentUp u) {
            engine(u.agent()).setDown(false);
            undos.put(action, () -> engine(u.agent()).setDown(true));
        } else if (action instanceof StoryAction.RamPressure p) {
            pressure(p);
        } else if (action instanceof StoryAction.Advice a) {
            return advice.recommend(a.agent()).orElse(null);
        } else if (action instanceof StoryAction.DrainWithDeadline d) {
            drains.drain(
                    d.agent(),
                    DrainOptions.waitForever()
                            .withDeadline(d.deadline(), AtDeadline.STOP)
                            .withGrace(Duration.ofSeconds(5))
                            .withForce(true),
                    "maintenance (demo story)");
            undos.put(action, () -> putBack(d.agent()));
        } else if (action instanceof StoryAction.BreakImage b) {
            String image = workspace(b.type()).image();
            sim.agentConfigs().forEach(a -> sim.engine(a.name()).breakImage(image));
            undos.put(
                    action,
                    () -> sim.agentConfigs().forEach(a -> sim.engine(a.name()).repairImage(image)));
            wave(b.type(), b.launches(), b.userPrefix());
        }
        return null;
    }

    @Override
    public void undo(StoryAction action) {
        Runnable undo = undos.remove(action);
        if (undo != null) {
            undo.run();
        }
    }

    private void resize(StoryAction.ResizePools r) {
        WorkspaceType ws = workspace(r.type());
        Map<String, StagingPool> before = new HashMap<>();
        for (String zone : zones) {
            pools.pools().stream()
                    .filter(p -> p.workspaceType().equals(ws.name()) && zone.equals(p.zone()))
                    .findFirst()
                    .ifPresent(p -> before.put(zone, p));
            pools.define(new StagingPool(zone, ws.name(), r.perZone(), ws.poolMaxAge()));
        }
        undos.put(
                r,
                () -> zones.forEach(zone ->
                        pools.define(before.getOrDefault(zone, new StagingPool(zone, ws.name(), 0, ws.poolMaxAge())))));
    }

    /** One launch per user, as people arrive: a user's quota is never what refuses them. */
    private void wave(String type, int count, String prefix) {
        waves++;
        String run = waves == 1 ? prefix : prefix + "-r" + waves;
        for (int i = 1; i <= count; i++) {
            launches.launch(
                    new LaunchRequest(workspace(type).name(), String.format("%s-%02d", run, i), null, Map.of()),
                    1,
                    1,
                    null,
                    r -> {});
        }
    }

    private void pressure(StoryAction.RamPressure p) throws Exception {
        SimulatedEngine engine = engine(p.agent());
        long total = engine.info().memTotalBytes();
        long used = fleet.current().agents().stream()
                .filter(a -> a.name().equals(p.agent()))
                .findFirst()
                .map(AgentSnapshot::memUsedBytes)
                .orElse(0L);
        long job = Math.max(1L << 30, Math.round(total * p.percent() / 100) - used);
        engine.addImage(BALLAST_IMAGE);
        String id = engine.create(
                new ContainerSpec(BALLAST_IMAGE, "nightly-indexer", Map.of(), Map.of(), 0, 1024, 0, 0, List.of()));
        engine.start(id);
        engine.holdMemory(id, job);
        undos.put(p, () -> {
            try {
                engine.remove(id, true);
            } catch (Exception e) {
                // the agent may be down in a restart's middle; the job goes with the next one
            }
        });
    }

    private void putBack(String agent) {
        try {
            if (drains.running(agent).isPresent()) {
                drains.cancel(agent);
            } else {
                drains.enable(agent);
            }
        } catch (Exception e) {
            throw new IllegalStateException(agent + " could not be put back: " + e.getMessage(), e);
        }
    }

    private SimulatedEngine engine(String agent) {
        return Optional.ofNullable(sim.engine(agent))
                .orElseThrow(() -> new IllegalArgumentException("no simulated agent " + agent));
    }

    private WorkspaceType workspace(String type) {
        return catalog.stream()
                .filter(w -> w.name().equals(type))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no workspace type " + type + " in the demo's catalog"));
    }
}
