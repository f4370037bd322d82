package dev.fleetdeck.fleet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which agents an operator has cordoned or is draining. Monitors read it on every refresh and the
 * launcher before every placement, so a cordon takes effect at once everywhere.
 */
public class AdminStates {
    private final Map<String, AgentState> states = new ConcurrentHashMap<>();

    /** The administrative state of an agent: ENABLED unless cordoned, draining or disabled. */
    public AgentState of(String agent, boolean enabledInConfig) {
        AgentState s = states.get(agent);
        if (s != null) {
            return s;
        }
        return enabledInConfig ? AgentState.ENABLED : AgentState.DISABLED;
    }

    public void set(String agent, AgentState state) {
        if (state == AgentState.ENABLED) {
            states.remove(agent);
        } else if (state == AgentState.CORDONED || state == AgentState.DRAINING) {
            states.put(agent, state);
        } else {
            throw new IllegalArgumentException("an operator sets ENABLED, CORDONED or DRAINING, not " + state);
        }
    }
}
