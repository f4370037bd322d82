package dev.fleetdeck.app;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A part of {@link Services} built on first use: a one-shot command builds, loads and connects only
 * what it asks for (a cold JVM pays for every class it loads), and closing closes only what was built.
 */
final class Lazy<T> {
    private final Supplier<T> build;
    private T value;

    private Lazy(Supplier<T> build, T value) {
        this.build = build;
        this.value = value;
    }

    static <T> Lazy<T> of(Supplier<T> build) {
        return new Lazy<>(build, null);
    }

    /** One built already (given by the caller), closed like the others. */
    static <T> Lazy<T> built(T value) {
        return new Lazy<>(() -> value, value);
    }

    synchronized T get() {
        if (value == null) {
            value = build.get();
        }
        return value;
    }

    /** Does something with the part only if something built it. */
    void ifBuilt(Consumer<T> action) {
        Optional.ofNullable(current()).ifPresent(action);
    }

    synchronized boolean isBuilt() {
        return value != null;
    }

    private synchronized T current() {
        return value;
    }
}
