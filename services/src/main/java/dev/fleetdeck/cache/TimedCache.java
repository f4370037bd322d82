package dev.fleetdeck.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One cache whose entries live {@code ttl} after they were written, counting hits, misses,
 * evictions (expired or over size) and the time each lookup took, on the given ticker.
 */
public final class TimedCache<K, V> implements CacheMetrics {
    private final String name;
    private final Duration ttl;
    private final Ticker ticker;
    private final Cache<K, V> cache;
    private final CacheCounter counter = new CacheCounter();
    // Bumped by every invalidation: a load that began before one must not store what it read.
    private final AtomicLong generation = new AtomicLong();

    /** What a miss runs to fetch the value. */
    @FunctionalInterface
    public interface Loader<V, X extends Exception> {
        V load() throws X;
    }

    public TimedCache(String name, Duration ttl, long maxEntries, Ticker ticker) {
        this.name = name;
        this.ttl = ttl;
        this.ticker = ticker;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .ticker(ticker)
                // Removal callbacks on the caller's thread, so counts() after cleanUp() sees them.
                .executor(Runnable::run)
                .<K, V>removalListener((k, v, cause) -> {
                    if (cause.wasEvicted()) {
                        counter.evicted();
                    }
                })
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Duration> ttl() {
        return Optional.of(ttl);
    }

    @Override
    public CacheCounts counts() {
        cache.cleanUp();
        return counter.snapshot();
    }

    /** The cached value, or what {@code loader} fetches (then cached); a failed load caches nothing. */
    public <X extends Exception> V get(K key, Loader<? extends V, X> loader) throws X {
        long t0 = ticker.read();
        V cached = cache.getIfPresent(key);
        if (cached != null) {
            counter.hit(ticker.read() - t0);
            return cached;
        }
        long seen = generation.get();
        try {
            V fresh = loader.load();
            if (fresh != null && generation.get() == seen) {
                cache.put(key, fresh);
            }
            return fresh;
        } finally {
            counter.miss(ticker.read() - t0);
        }
    }

    public void invalidate(K key) {
        generation.incrementAndGet();
        cache.invalidate(key);
    }

    public void invalidateIf(Predicate<? super K> which) {
        generation.incrementAndGet();
        cache.asMap().keySet().removeIf(which);
    }

    /** Entries held now (expired ones may linger until the next clean-up). */
    public long size() {
        return cache.estimatedSize();
    }
}
