package dev.fleetdeck.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the fleet is chosen: a configuration file, or none (embedded default), or the simulated
 * demo fleet with a seed; {@code story} plays the demo story on it.
 */
public record ConsoleOptions(
        Optional<Path> config, boolean demo, long seed, boolean present, Duration tour, boolean story) {
    public static final long DEFAULT_SEED = 42;

    public ConsoleOptions(Optional<Path> config, boolean demo, long seed) {
        this(config, demo, seed, false, Duration.ZERO);
    }

    public ConsoleOptions(Optional<Path> config, boolean demo, long seed, boolean present, Duration tour) {
        this(config, demo, seed, present, tour, false);
    }
}
