package dev.fleetdeck.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration. {@code source} is the file it came from, or empty for the embedded
 * default; {@code metrics} is the Prometheus that reads the agents' node-exporters, if any.
 */
public record FleetConfig(
        Optional<Path> source,
        List<AgentConfig> agents,
        Optional<RedisConfig> redis,
        List<WorkspaceType> workspaces,
        Settings settings,
        Optional<MetricsConfig> metrics,
        AlertsConfig alerts) {

    public FleetConfig {
        agents = List.copyOf(agents);
        workspaces = List.copyOf(workspaces);
        metrics = metrics == null ? Optional.empty() : metrics;
        Objects.requireNonNull(alerts, "alerts");
    }

    /** A configuration without {@code metrics:} or {@code alerts:}. */
    public FleetConfig(
            Optional<Path> source,
            List<AgentConfig> agents,
            Optional<RedisConfig> redis,
            List<WorkspaceType> workspaces,
            Settings settings) {
        this(source, agents, redis, workspaces, settings, Optional.empty());
    }

    /** A configuration with the alert rules' defaults and nowhere to send them. */
    public FleetConfig(
            Optional<Path> source,
            List<AgentConfig> agents,
            Optional<RedisConfig> redis,
            List<WorkspaceType> workspaces,
            Settings settings,
            Optional<MetricsConfig> metrics) {
        this(source, agents, redis, workspaces, settings, metrics, AlertsConfig.defaults());
    }

    /** The Redis URI with its password hidden, for anything shown or logged. */
    public Optional<String> redisRedacted() {
        return redis.map(RedisConfig::redactedUri);
    }

    /** Like the record's own, but the Redis password never reaches a log or a message. */
    @Override
    public String toString() {
        return "FleetConfig[source=" + source + ", agents=" + agents + ", redis=" + redis.map(RedisConfig::describe)
                + ", workspaces=" + workspaces + ", settings=" + settings + ", metrics="
                + metrics.map(MetricsConfig::describe)
                + ", alerts=" + alerts + "]";
    }

    public Optional<WorkspaceType> workspace(String name) {
        return workspaces.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /**
     * Console-wide settings, each with a default.
     *
     * @param prePullEvery how often the console fills every agent with every workspace image;
     *                     empty (the default) = never on its own, since a round may move gigabytes
     * @param registry     where images named without a registry host are pulled from
     *                     ({@code host[:port][/path]}, e.g. a mirror); empty = only from peers
     * @param disk         how often disk use is read and its thresholds
     */
    public record Settings(
            Duration refreshInterval,
            Duration agentTimeout,
            double ramWarnPercent,
            double ramCriticalPercent,
            int maxSessionsPerUser,
            Optional<Duration> prePullEvery,
            Optional<String> registry,
            Duration keeperLease,
            DiskSettings disk) {

        /** How long a dead pool keeper is waited for before another process keeps the pools. */
        public static final Duration DEFAULT_KEEPER_LEASE = Duration.ofSeconds(15);

        public Settings {
            Objects.requireNonNull(prePullEvery, "prePullEvery");
            Objects.requireNonNull(registry, "registry");
            keeperLease = keeperLease == null ? DEFAULT_KEEPER_LEASE : keeperLease;
            disk = disk == null ? DiskSettings.defaults() : disk;
        }

        public Settings(
                Duration refreshInterval,
                Duration agentTimeout,
                double ramWarnPercent,
                double ramCriticalPercent,
                int maxSessionsPerUser,
                Optional<Duration> prePullEvery,
                Optional<String> registry,
                Duration keeperLease) {
            this(
                    refreshInterval,
                    agentTimeout,
                    ramWarnPercent,
                    ramCriticalPercent,
                    maxSessionsPerUser,
                    prePullEvery,
                    registry,
                    keeperLease,
                    DiskSettings.defaults());
        }

        public Settings(
                Duration refreshInterval,
                Duration agentTimeout,
                double ramWarnPercent,
                double ramCriticalPercent,
                int maxSessionsPerUser,
                Optional<Duration> prePullEvery,
                Optional<String> registry) {
            this(
                    refreshInterval,
                    agentTimeout,
                    ramWarnPercent,
                    ramCriticalPercent,
                    maxSessionsPerUser,
                    prePullEvery,
                    registry,
                    DEFAULT_KEEPER_LEASE);
        }

        public static Settings defaults() {
            return new Settings(
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(3),
                    85.0,
                    95.0,
                    2,
                    Optional.empty(),
                    Optional.empty(),
                    DEFAULT_KEEPER_LEASE,
                    DiskSettings.defaults());
        }
    }
}
