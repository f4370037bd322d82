package dev.fleetdeck.sim;

import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.launch.BulkLaunch;
import dev.fleetdeck.launch.LaunchRequest;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Users coming and going on the demo fleet: now and then a few sessions launch through the real
 * pipeline (so the timeline and the analyzer fill up) and old ones end, keeping the fleet around
 * its target size. Deterministic in what it decides for a seed; only the simulated engines see it.
 */
public final class DemoActivity implements AutoCloseable {
    private final FleetMonitor fleet;
    private final BulkLaunch launches;
    private final SessionControl control;
    private final List<WorkspaceType> catalog;
    private final int targetSessions;
    private final SplittableRandom random;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> ticking;

    public DemoActivity(
            FleetMonitor fleet,
            BulkLaunch launches,
            SessionControl control,
            List<WorkspaceType> catalog,
            int targetSessions,
            long seed,
            ScheduledExecutorService scheduler) {
        this.fleet = fleet;
        this.launches = launches;
        this.control = control;
        this.catalog = List.copyOf(catalog);
        this.targetSessions = targetSessions;
        this.random = new SplittableRandom(seed);
        this.scheduler = scheduler;
    }

    public synchronized void start() {
        if (ticking == null) {
            ticking = scheduler.scheduleWithFixedDelay(this::tick, 2, 5, TimeUnit.SECONDS);
        }
    }

    synchronized void tick() {
        int sessions = fleet.current().sessionCount();
        if (sessions < targetSessions + 8 && random.nextDouble() < 0.8) {
            WorkspaceType ws = catalog.get(random.nextInt(catalog.size()));
            int n = 1 + random.nextInt(sessions < targetSessions ? 3 : 2);
            launches.launch(
                    new LaunchRequest(ws.name(), "user" + random.nextInt(60), null, Map.of()), n, n, null, r -> {});
        }
        if (sessions > targetSessions - 8 && random.nextDouble() < 0.6) {
            List<Session> all = fleet.current()
                    .sessions()
                    .filter(s -> "running".equals(s.state()))
                    .toList();
            if (!all.isEmpty()) {
                Session leaving = all.get(random.nextInt(all.size()));
                try {
                    control.destroy(leaving);
                } catch (AgentEngine.EngineException e) {
                    // the agent is in a simulated outage: the user leaves later
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }
}
