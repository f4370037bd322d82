package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.ConsoleOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Options that apply to every command, e.g. {@code --config}. One instance per command-line run,
 * shared by the commands through their constructors; picocli fills it while parsing.
 */
public final class GlobalOptions {

    private Path config;
    private boolean demo;
    private long seed = ConsoleOptions.DEFAULT_SEED;
    private boolean verbose;

    void config(Path config) {
        this.config = config;
    }

    void demo(boolean demo) {
        this.demo = demo;
    }

    void seed(long seed) {
        this.seed = seed;
    }

    void verbose(boolean verbose) {
        this.verbose = verbose;
    }

    /** {@code --verbose}: more detail in a command's output, and the log on stderr (see Logging). */
    public boolean verbose() {
        return verbose;
    }

    /** The fleet the options choose. */
    public ConsoleOptions console() {
        return new ConsoleOptions(config(), demo, seed);
    }

    /** The {@code --config} file, if one was given. */
    public Optional<Path> config() {
        return Optional.ofNullable(config);
    }
}
