package dev.fleetdeck.alert;

import dev.fleetdeck.store.LockedFile;
import java.io.IOException;
import java.util.function.Function;

/**
 * Where the {@link AlertBook} lives: a file of this machine shared by its processes, or Redis shared
 * by every console. Changes are atomic: two evaluators never both fire one alert.
 */
public interface AlertStore extends AutoCloseable {

    AlertBook read() throws IOException;

    /** Applies {@code change} atomically and returns its result. */
    <R> R change(Function<AlertBook, LockedFile.Outcome<AlertBook, R>> change) throws IOException;

    String describe();

    @Override
    default void close() throws IOException {}
}
