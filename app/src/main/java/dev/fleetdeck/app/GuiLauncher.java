package dev.fleetdeck.app;

/**
 * Starts the console window; the views module provides the real one. Kept behind this interface so
 * that headless commands never load JavaFX and run without a display.
 */
public interface GuiLauncher {

    /**
     * Opens the console and returns when it is closed.
     *
     * @param options the fleet to open: {@code --config}, {@code --demo}, or the default
     * @return the process exit code
     */
    int launch(ConsoleOptions options);
}
