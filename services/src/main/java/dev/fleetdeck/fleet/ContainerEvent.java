package dev.fleetdeck.fleet;

import java.time.Instant;
import java.util.Map;

/**
 * A container event: {@code action} is Docker's (create, start, die, destroy, stop, kill,
 * "health_status: healthy", ...).
 */
public record ContainerEvent(String containerId, String action, Instant time, Map<String, String> attributes) {

    public ContainerEvent {
        attributes = Map.copyOf(attributes);
    }

    /** The health status carried by a {@code health_status: X} event, else {@code null}. */
    public String healthStatus() {
        String prefix = "health_status: ";
        return action.startsWith(prefix) ? action.substring(prefix.length()).trim() : null;
    }
}
