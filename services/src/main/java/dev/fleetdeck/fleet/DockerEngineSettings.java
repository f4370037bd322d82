package dev.fleetdeck.fleet;

import dev.fleetdeck.config.DiskSettings;
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
 * @param diskTimeout     how long a {@code /system/df} may take: the engine sizes every layer and
 *                        volume first, which takes far longer than any other call on a big agent
 */
public record DockerEngineSettings(
        Duration connectTimeout,
        Duration callTimeout,
        int maxConnections,
        Duration lifecycleTimeout,
        Duration diskTimeout) {

    public DockerEngineSettings(Duration connectTimeout, Duration callTimeout, int maxConnections) {
        this(connectTimeout, callTimeout, maxConnections, Duration.ofSeconds(30));
    }

    public DockerEngineSettings(
            Duration connectTimeout, Duration callTimeout, int maxConnections, Duration lifecycleTimeout) {
        this(
                connectTimeout,
                callTimeout,
                maxConnections,
                lifecycleTimeout,
                DiskSettings.defaults().readTimeout());
    }

    public DockerEngineSettings {
        Objects.requireNonNull(lifecycleTimeout, "lifecycleTimeout");
        Objects.requireNonNull(diskTimeout, "diskTimeout");
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
        return new DockerEngineSettings(
                timeout, timeout, 16, Duration.ofSeconds(30), settings.disk().readTimeout());
    }

    public DockerEngineSettings withLifecycleTimeout(Duration timeout) {
        return new DockerEngineSettings(connectTimeout, callTimeout, maxConnections, timeout, diskTimeout);
    }

    public DockerEngineSettings withCallTimeout(Duration timeout) {
        return new DockerEngineSettings(connectTimeout, timeout, maxConnections, lifecycleTimeout, diskTimeout);
    }

    public DockerEngineSettings withDiskTimeout(Duration timeout) {
        return new DockerEngineSettings(connectTimeout, callTimeout, maxConnections, lifecycleTimeout, timeout);
    }
}
