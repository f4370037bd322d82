package dev.fleetdeck.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the configuration is: the file given on the command line, else
 * {@code $XDG_CONFIG_HOME/fleetdeck/fleet.yaml}, else {@code ~/.config/fleetdeck/fleet.yaml}.
 */
public final class ConfigLocator {

    private final Map<String, String> environment;
    private final Path userHome;

    /** @param environment the process environment ({@code System.getenv()}), injected so tests can set XDG_CONFIG_HOME */
    public ConfigLocator(Map<String, String> environment, Path userHome) {
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
    }

    /** The file looked for when none is given. */
    public Path defaultPath() {
        String xdg = environment.get("XDG_CONFIG_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        Path base =
                xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : userHome.resolve(".config");
        return base.resolve("fleetdeck").resolve("fleet.yaml");
    }

    /** @param given the {@code --config} file, or {@code null} */
    public ConfigLocation locate(Path given) {
        if (given != null) {
            return new ConfigLocation(given, true, Files.exists(given));
        }
        Path path = defaultPath();
        return new ConfigLocation(path, false, Files.exists(path));
    }

    /**
     * @param given  the file came from the command line; a missing given file is an error, a
     *               missing default file means "use the embedded default"
     */
    public record ConfigLocation(Path path, boolean given, boolean exists) {

        /** Whether there is a file to load: given (even if missing, so the loader reports it) or found. */
        public boolean shouldLoad() {
            return given || exists;
        }
    }
}
