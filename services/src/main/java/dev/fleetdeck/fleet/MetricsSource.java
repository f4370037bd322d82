package dev.fleetdeck.fleet;

import java.util.Locale;

/** Where an agent's CPU and RAM figures come from. */
public enum MetricsSource {
    /** node-exporter through Prometheus: the host's own figures. */
    PROMETHEUS,
    /** The Docker engine: the sum of the containers' use, the host's own use unseen. */
    DOCKER;

    /** {@code "prometheus"} or {@code "docker"}, as JSON and the views write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
