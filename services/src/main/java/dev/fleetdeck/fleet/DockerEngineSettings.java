package dev.fleetdeck.fleet;

import dev.fleetdeck.config.FleetConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DockerEngine} talks to its agent.
 *
 * @param connectTimeout  how long opening a connection may take
 * @param callTimeout     how long one call may take from start to answer; an agent slower than
 *                        this counts as not answering
 * @param maxConnections  connections per agent; small, because a console watches many agents
 */
public record DockerEngineSettings(Duration connectTimeout, Duration callTimeout, int maxConnections) {

    public DockerEngineSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
    }

    public static DockerEngineSettings defaults() {
        return new DockerEngineSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), 8);
    }

    /** The console's agent timeout bounds both connecting and answering. */
    public static DockerEngineSettings from(FleetConfig.Settings settings) {
        Duration timeout = settings.agentTimeout();
        return new DockerEngineSettings(timeout, timeout, 8);
    }

    public DockerEngineSettings withCallTimeout(Duration timeout) {
        return new DockerEngineSettings(connectTimeout, timeout, maxConnections);
    }
}
