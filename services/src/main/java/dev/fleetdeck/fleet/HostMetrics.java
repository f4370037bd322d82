package dev.fleetdeck.fleet;

import java.util.Objects;

/**
 * What is known of an agent's host: node-exporter's figures, or why there are none and the
 * Docker figures stand in.
 *
 * @param figures the host's figures; {@code null} when {@code source} is {@link MetricsSource#DOCKER}
 * @param problem why Prometheus gave none for this agent ({@code null}: none configured)
 */
public record HostMetrics(MetricsSource source, HostFigures figures, String problem) {

    /** No Prometheus configured: Docker's figures, nothing wrong. */
    public static final HostMetrics NOT_CONFIGURED = new HostMetrics(MetricsSource.DOCKER, null, null);

    public HostMetrics {
        Objects.requireNonNull(source, "source");
        if ((source == MetricsSource.PROMETHEUS) != (figures != null)) {
            throw new IllegalArgumentException("figures come with the prometheus source, and only with it");
        }
    }

    public static HostMetrics prometheus(HostFigures figures) {
        return new HostMetrics(MetricsSource.PROMETHEUS, Objects.requireNonNull(figures, "figures"), null);
    }

    /** Docker's figures because of {@code problem}. */
    public static HostMetrics docker(String problem) {
        return new HostMetrics(MetricsSource.DOCKER, null, Objects.requireNonNull(problem, "problem"));
    }

    public boolean known() {
        return figures != null;
    }
}
