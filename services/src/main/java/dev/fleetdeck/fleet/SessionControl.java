package dev.fleetdeck.fleet;

import java.time.Duration;

/** Stops and destroys sessions on their agents: the operator's hands on a running session. */
public final class SessionControl {
    private final FleetMonitor fleet;
    private final Duration stopGrace;

    public SessionControl(FleetMonitor fleet, Duration stopGrace) {
        this.fleet = fleet;
        this.stopGrace = stopGrace;
    }

    /** Graceful stop: the container remains and can be inspected; capacity stays allocated. */
    public void stop(Session s) throws AgentEngine.EngineException {
        engineOf(s).stop(s.containerId(), stopGrace);
    }

    /** Stops if needed and removes the container: its capacity is free again. */
    public void destroy(Session s) throws AgentEngine.EngineException {
        AgentEngine engine = engineOf(s);
        engine.stop(s.containerId(), stopGrace);
        engine.remove(s.containerId(), true);
    }

    private AgentEngine engineOf(Session s) throws AgentEngine.EngineException {
        AgentMonitor m = fleet.agent(s.agent());
        if (m == null) {
            throw new AgentEngine.EngineException("no agent named '" + s.agent() + "' in this fleet");
        }
        return m.engine();
    }
}
