package dev.fleetdeck.fleet;

import java.util.Locale;

/**
 * What an operator sees first about an agent. Health (answers or not) wins over the
 * administrative state: an offline agent is offline whether or not it was cordoned.
 */
public enum AgentState {
    /** Not refreshed yet. */
    CONNECTING,
    /** Enabled, answering, takes new sessions. */
    ENABLED,
    /** Disabled in the configuration: monitored, takes no sessions. */
    DISABLED,
    /** Takes no new sessions; existing ones keep running. */
    CORDONED,
    /** Cordoned and waiting for its sessions to end. */
    DRAINING,
    /** A drain finished: out for maintenance until an operator enables it. */
    DRAINED,
    /** Did not answer within the timeout. */
    OFFLINE;

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** Whether the launcher may place new sessions on an agent in this state. */
    public boolean acceptsSessions() {
        return this == ENABLED;
    }
}
