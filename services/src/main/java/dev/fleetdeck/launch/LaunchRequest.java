package dev.fleetdeck.launch;

import java.util.Map;

/**
 * One session to launch.
 *
 * @param zone   null = any zone
 * @param env    extra environment for the container (the test bed's workspace image reads
 *               STARTUP_SECONDS, LOAD_CPUS, LOAD_MEM_MB)
 * @param staged a session made ahead for a staging pool: it belongs to no user yet, so it
 *               passes no quota check, never takes from a pool, and is not stored as a startup
 */
public record LaunchRequest(String workspaceType, String user, String zone, Map<String, String> env, boolean staged) {

    /** The user label of staged sessions until a launch claims one. */
    public static final String STAGED_USER = "(staged)";

    public LaunchRequest {
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public LaunchRequest(String workspaceType, String user, String zone, Map<String, String> env) {
        this(workspaceType, user, zone, env, false);
    }

    public LaunchRequest(String workspaceType, String user) {
        this(workspaceType, user, null, Map.of(), false);
    }

    /** A session for a staging pool of this type and zone. */
    public static LaunchRequest staging(String workspaceType, String zone, Map<String, String> env) {
        return new LaunchRequest(workspaceType, STAGED_USER, zone, env, true);
    }
}
