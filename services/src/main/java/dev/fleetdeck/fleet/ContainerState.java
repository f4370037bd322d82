package dev.fleetdeck.fleet;

import java.util.Map;

/**
 * The parts of {@code docker inspect} the console reads.
 *
 * @param status  Docker's status: created, running, exited, dead, ...
 * @param health  healthy, unhealthy, starting, or {@code null} when the image has no healthcheck
 */
public record ContainerState(
        String id,
        String status,
        String health,
        int exitCode,
        Map<String, String> labels,
        long memoryBytes,
        long cpuShares,
        long nanoCpus) {

    public ContainerState {
        labels = Map.copyOf(labels);
    }

    public boolean running() {
        return "running".equals(status);
    }
}
