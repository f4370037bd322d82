package dev.fleetdeck.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A Redis password read from where the configuration points: an environment variable or a file.
 * Only {@link #value()} holds it; {@link #toString()} and {@link #source()} name where it came
 * from, never what it is.
 *
 * @param source how messages name its origin, e.g. {@code environment variable FLEETDECK_REDIS_PASSWORD}
 * @param file   the file it was read from, for the permission check; empty for a variable
 */
public record RedisPassword(String source, Optional<Path> file, String value) {

    public RedisPassword {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(value, "value");
    }

    public static RedisPassword fromEnvironment(String variable, String value) {
        return new RedisPassword("environment variable " + variable, Optional.empty(), value);
    }

    public static RedisPassword fromFile(Path file, String value) {
        return new RedisPassword("file " + file, Optional.of(file), value);
    }

    @Override
    public String toString() {
        return "RedisPassword[from " + source + "]";
    }
}
