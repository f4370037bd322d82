package dev.fleetdeck.fleet;

/** What {@code docker info} says about an engine that matters to the console. */
public record EngineInfo(
        String serverVersion,
        String apiVersion,
        int cpus,
        long memTotalBytes,
        int containersRunning,
        String operatingSystem) {}
