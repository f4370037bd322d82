package dev.fleetdeck.fleet;

import java.util.Map;

/**
 * The host figures of the whole fleet in one read (one Prometheus request per refresh, however
 * many agents). {@link FleetMonitor} calls it once per refresh, off the FX thread, never two
 * reads at once.
 */
public interface HostMetricsSource extends AutoCloseable {

    /**
     * Every configured agent's host metrics, by agent name. Never throws for a server that is
     * down or answers garbage: each agent then carries the reason, bounded by the source's timeout.
     */
    Map<String, HostMetrics> read();

    @Override
    default void close() {}
}
