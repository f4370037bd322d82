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
 * @param lifecycleTimeout how long creating, starting or removing a container may take: a busy
 *                        engine takes seconds for these (the startup guide: 10–40 s for a whole
 *                        session creation), and a launch must not fail for a slow answer that an
 *                        agent's health check would forgive
 */
public record DockerEngineSettings(Duration connectTimeout, Duration callTimeout, int maxConnections,
                                   Duration lifecycleTimeout) {

    public DockerEngineSettings(Duration connectTimeout, Duration callTimeout, int maxConnections) {
        this(connectTimeout, callTimeout, maxConnections, Duration.ofSeconds(30));
    }

    public DockerEngineSettings {
        Objects.requireNonNull(lifecycleTimeout, "lifecycleTimeout");
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
        return new DockerEngineSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), 16);
    }

    /** The console's agent timeout bounds both connecting and answering. */
    public static DockerEngineSettings from(FleetConfig.Settings settings) {
        Duration timeout = settings.agentTimeout();
        return new DockerEngineSettings(timeout, timeout, 16);
    }

    public DockerEngineSettings withLifecycleTimeout(Duration timeout) {
        return new DockerEngineSettings(connectTimeout, callTimeout, maxConnections, timeout);
    }

    public DockerEngineSettings withCallTimeout(Duration timeout) {
        return new DockerEngineSettings(connectTimeout, timeout, maxConnections, lifecycleTimeout);
    }
}
