package dev.fleetdeck.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** Stands in for the console window until the views module provides one. */
public final class PlaceholderGuiLauncher implements GuiLauncher {

    private final PrintStream err;

    public PlaceholderGuiLauncher(PrintStream err) {
        this.err = err;
    }

    @Override
    public int launch(Optional<Path> configFile) {
        err.println("fleetdeck: the console window is not wired yet; try 'fleetdeck --help' for the commands");
        return 1;
    }
}
