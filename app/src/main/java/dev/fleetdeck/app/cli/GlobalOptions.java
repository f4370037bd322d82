package dev.fleetdeck.app.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Options that apply to every command, e.g. {@code --config}. One instance per command-line run,
 * shared by the commands through their constructors; picocli fills it while parsing.
 */
public final class GlobalOptions {

    private Path config;

    void config(Path config) {
        this.config = config;
    }

    /** The {@code --config} file, if one was given. */
    public Optional<Path> config() {
        return Optional.ofNullable(config);
    }
}
