package dev.fleetdeck.app;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts the console window; the views module provides the real one. Kept behind this interface so
 * that headless commands never load JavaFX and run without a display.
 */
public interface GuiLauncher {

    /**
     * Opens the console and returns when it is closed.
     *
     * @param configFile the {@code --config} file, or empty to use the default location
     * @return the process exit code
     */
    int launch(Optional<Path> configFile);
}
