package dev.fleetdeck.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One cache whose entries live {@code ttl} after they were written, counting hits, misses,
 * evictions (expired or over size) and the time each lookup took, on the given ticker.
 *
 * <p>Each entry is a future: the first lookup of a key puts its own and fetches, and lookups of
 * that key meanwhile wait for the same fetch (one call to the engine, counted as hits). An
 * invalidation removes the entry, fetch in flight included, so a fetch that began before a change
 * is never kept; it touches no other key. (It used to bump one counter per cache that every
 * finished fetch compared against: any change to any container of any agent threw away whatever
 * was being fetched, and at fleet scale the container caches stopped caching.)
 */
public final class TimedCache<K, V> implements CacheMetrics {
    private final String name;
    private final Duration ttl;
    private final Ticker ticker;
    private final AsyncCache<K, V> cache;
    private final CacheCounter counter = new CacheCounter();

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
                .buildAsync();
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
        cache.synchronous().cleanUp();
        return counter.snapshot();
    }

    /**
     * The cached value, or what {@code loader} fetches (then cached), or what a lookup of the same
     * key already in flight fetches; a failed or {@code null} load caches nothing.
     */
    public <X extends Exception> V get(K key, Loader<? extends V, X> loader) throws X {
        long t0 = ticker.read();
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = cache.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            V shared = await(existing);
            if (shared != null) {
                counter.hit(ticker.read() - t0);
                return shared;
            }
            // The other fetch failed: this lookup asks for itself (its caller gets its own answer).
            return fetch(loader, new CompletableFuture<>(), t0);
        }
        return fetch(loader, mine, t0);
    }

    private <X extends Exception> V fetch(Loader<? extends V, X> loader, CompletableFuture<V> into, long t0) throws X {
        try {
            V fresh = loader.load();
            // Completing with null removes the entry; a future no longer in the map (invalidated) stays out.
            into.complete(fresh);
            return fresh;
        } catch (Throwable failure) {
            // Completed empty rather than exceptionally: Caffeine logs every failed future as a
            // warning, and a command prints only its own lines. Lookups waiting on it fetch themselves.
            into.complete(null);
            throw failure;
        } finally {
            counter.miss(ticker.read() - t0);
        }
    }

    /** The other lookup's value, or {@code null} when its fetch failed or this thread was interrupted. */
    private V await(CompletableFuture<V> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return null; // a future put by update() never fails; kept for safety
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Changes a cached value in place (its time to live starts again); an entry still being
     * fetched is dropped instead, since that fetch may have read the value before the change.
     */
    public void update(K key, UnaryOperator<V> change) {
        cache.asMap().computeIfPresent(key, (k, future) -> {
            if (!future.isDone() || future.isCompletedExceptionally()) {
                return null;
            }
            V value = future.join();
            return value == null ? null : CompletableFuture.completedFuture(change.apply(value));
        });
    }

    public void invalidate(K key) {
        cache.synchronous().invalidate(key);
    }

    public void invalidateIf(Predicate<? super K> which) {
        cache.asMap().keySet().removeIf(which);
    }

    /** Entries held now (expired ones may linger until the next clean-up). */
    public long size() {
        return cache.synchronous().estimatedSize();
    }
}
