package dev.fleetdeck.launch;

import dev.fleetdeck.cache.CacheMetrics;
import java.util.OptionalLong;

/**
 * The cached count of each user's live sessions ({@code quota:{userId}}, 60 s), so a launch does
 * not recount them on every agent. Counts change atomically: two launches of one user racing
 * each other both see the other's reservation.
 */
public interface QuotaCache extends CacheMetrics {
    /** Adds {@code delta} to a cached count and returns the new count; empty on a miss. */
    OptionalLong addIfPresent(String user, long delta);

    /**
     * Stores {@code counted} unless another console stored a count first, then adds
     * {@code delta}; returns the count after the addition.
     */
    long initAndAdd(String user, long counted, long delta);

    /** Gives back one reserved session (a launch that failed); not counted as a lookup. */
    void release(String user);

    void invalidate(String user);
}
