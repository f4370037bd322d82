package dev.fleetdeck.fleet;

/**
 * Each agent's latest {@code /system/df} reading, as kept by a watch that reads it on its own
 * schedule. {@link FleetMonitor} asks it when it builds a snapshot, so it must answer at once from
 * what it holds, never by reading an engine.
 */
public interface DiskSource {

    AgentDisk of(String agent);
}
