package dev.fleetdeck.fleet;

import java.util.List;
import java.util.Map;

/**
 * What to create. {@code cpuShares} and {@code nanoCpus} are mutually exclusive in practice: the
 * workspace's allocation method picks one (shares: cores × 1024; quotas: cores × 10^9).
 */
public record ContainerSpec(
        String image,
        String name,
        Map<String, String> labels,
        Map<String, String> env,
        long memoryBytes,
        long cpuShares,
        long nanoCpus,
        long shmSizeBytes,
        List<String> command) {

    public ContainerSpec {
        labels = Map.copyOf(labels);
        env = Map.copyOf(env);
        command = command == null ? List.of() : List.copyOf(command);
    }
}
