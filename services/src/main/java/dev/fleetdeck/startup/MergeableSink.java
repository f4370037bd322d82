package dev.fleetdeck.startup;

import java.util.function.Consumer;

/**
 * Analysis fed record by record that can be split over threads: each range of a file feeds its own
 * empty copy, and the copies are merged back in file order (see {@link StartupRecordCodec#read(
 * java.nio.file.Path, MergeableSink, Consumer, int)}).
 */
public interface MergeableSink<S extends MergeableSink<S>> extends Consumer<StartupRecord> {
    /** An empty sink over the same window and options, to merge back. */
    S emptyCopy();

    /** Whether {@link #merge} gives exactly the figures of feeding the other's records here. */
    boolean mergesExactly(S other);

    /** Adds what the other counted, as if its records had been fed here. */
    void merge(S other);
}
