package dev.fleetdeck.cache;

import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind a {@link CacheMetrics}; cheap enough for every lookup. */
public final class CacheCounter {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder hitNanos = new LongAdder();
    private final LongAdder missNanos = new LongAdder();

    public void hit(long nanos) {
        hits.increment();
        hitNanos.add(nanos);
    }

    public void miss(long nanos) {
        misses.increment();
        missNanos.add(nanos);
    }

    public void evicted() {
        evictions.increment();
    }

    public CacheCounts snapshot() {
        return new CacheCounts(hits.sum(), misses.sum(), evictions.sum(), hitNanos.sum(), missNanos.sum());
    }
}
