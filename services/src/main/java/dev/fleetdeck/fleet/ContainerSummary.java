package dev.fleetdeck.fleet;

import java.time.Instant;
import java.util.Map;

/** One row of the container list. {@code state} is Docker's: created, running, exited, ... */
public record ContainerSummary(
        String id,
        String name,
        String image,
        String state,
        String status,
        Instant created,
        Map<String, String> labels) {

    public ContainerSummary {
        labels = Map.copyOf(labels);
    }

    public boolean running() {
        return "running".equals(state);
    }
}
