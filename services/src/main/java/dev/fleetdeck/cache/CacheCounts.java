package dev.fleetdeck.cache;

/**
 * Counters of one cache since the console started.
 *
 * @param evictions entries removed for size or expiry
 * @param hitNanos  total time spent answering hits
 * @param missNanos total time spent answering misses, loading included
 */
public record CacheCounts(long hits, long misses, long evictions, long hitNanos, long missNanos) {

    public static final CacheCounts ZERO = new CacheCounts(0, 0, 0, 0, 0);

    /** Hit rate 0..1, or 0 when the cache has not been asked yet. */
    public double hitRate() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }

    public double avgHitMillis() {
        return hits == 0 ? 0 : hitNanos / 1e6 / hits;
    }

    public double avgMissMillis() {
        return misses == 0 ? 0 : missNanos / 1e6 / misses;
    }

    /** The counts of two intervals together. */
    public CacheCounts plus(CacheCounts other) {
        return new CacheCounts(
                hits + other.hits,
                misses + other.misses,
                evictions + other.evictions,
                hitNanos + other.hitNanos,
                missNanos + other.missNanos);
    }

    /** The counts of the interval between {@code earlier} and this. */
    public CacheCounts minus(CacheCounts earlier) {
        return new CacheCounts(
                hits - earlier.hits,
                misses - earlier.misses,
                evictions - earlier.evictions,
                hitNanos - earlier.hitNanos,
                missNanos - earlier.missNanos);
    }
}
