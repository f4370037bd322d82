package dev.fleetdeck.app;

import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.sim.SimulatedFleet;
import java.util.List;
import java.util.Map;

/**
 * A fleet ready to monitor: its configuration, one engine per agent, and what to call it in the
 * window ("fleet.yaml", "local Docker", "simulated demo fleet"). {@code sim} is set for the demo.
 */
public record OpenedFleet(
        FleetConfig config, Map<String, AgentEngine> engines, String label, SimulatedFleet sim, List<String> warnings) {

    public OpenedFleet {
        warnings = List.copyOf(warnings);
    }

    public OpenedFleet(FleetConfig config, Map<String, AgentEngine> engines, String label, SimulatedFleet sim) {
        this(config, engines, label, sim, List.of());
    }

    public boolean simulated() {
        return sim != null;
    }
}
