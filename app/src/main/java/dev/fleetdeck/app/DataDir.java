package dev.fleetdeck.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the console keeps what it records (the startup journal and, later, drain state and the
 * audit log): FLEETDECK_DATA_DIR, else $XDG_DATA_HOME/fleetdeck, else ~/.local/share/fleetdeck.
 */
public final class DataDir {
    private DataDir() {}

    public static Path resolve(Map<String, String> env, Path home) {
        String explicit = env.get("FLEETDECK_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
        return base.resolve("fleetdeck");
    }

    /**
     * Where the console keeps what only helps later reading (its log files): $XDG_STATE_HOME/fleetdeck,
     * else ~/.local/state/fleetdeck (the XDG base directory rule for state).
     */
    public static Path state(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/state");
        return base.resolve("fleetdeck");
    }
}
