package dev.fleetdeck.launch;

import java.util.Map;

/**
 * One session to launch.
 *
 * @param zone null = any zone
 * @param env  extra environment for the container (the test bed's workspace image reads
 *             STARTUP_SECONDS, LOAD_CPUS, LOAD_MEM_MB)
 */
public record LaunchRequest(String workspaceType, String user, String zone, Map<String, String> env) {

    public LaunchRequest {
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public LaunchRequest(String workspaceType, String user) {
        this(workspaceType, user, null, Map.of());
    }
}
