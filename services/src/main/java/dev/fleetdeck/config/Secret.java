package dev.fleetdeck.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret read from where the configuration points: an environment variable or a file. Only
 * {@link #value()} holds it; {@link #toString()} and {@link #source()} name where it came from.
 *
 * @param source how messages name its origin, e.g. {@code environment variable FLEETDECK_PROMETHEUS_TOKEN}
 * @param file   the file it was read from, for the permission check; empty for a variable
 */
public record Secret(String source, Optional<Path> file, String value) {

    public Secret {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Secret[from " + source + "]";
    }
}
