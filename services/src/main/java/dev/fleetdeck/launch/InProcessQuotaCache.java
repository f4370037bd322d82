package dev.fleetdeck.launch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.cache.CacheCounter;
import dev.fleetdeck.cache.CacheCounts;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** The embedded default's quota cache: in this process only, expiring like the Redis key. */
public final class InProcessQuotaCache implements QuotaCache {
    private final Cache<String, AtomicLong> counts;
    private final CacheCounter counter = new CacheCounter();
    private final Ticker ticker;

    public InProcessQuotaCache(Duration ttl, Ticker ticker) {
        this.ticker = ticker;
        this.counts = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run)
                .removalListener((String k, AtomicLong v, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        counter.evicted();
                    }
                })
                .build();
    }

    @Override
    public String name() {
        return "quota (in-process)";
    }

    @Override
    public CacheCounts counts() {
        counts.cleanUp();
        return counter.snapshot();
    }

    @Override
    public OptionalLong addIfPresent(String user, long delta) {
        long t0 = ticker.read();
        AtomicLong n = counts.getIfPresent(user);
        if (n == null) {
            counter.miss(ticker.read() - t0);
            return OptionalLong.empty();
        }
        long v = n.addAndGet(delta);
        counter.hit(ticker.read() - t0);
        return OptionalLong.of(v);
    }

    @Override
    public long initAndAdd(String user, long counted, long delta) {
        return counts.get(user, k -> new AtomicLong(counted)).addAndGet(delta);
    }

    @Override
    public void release(String user) {
        AtomicLong n = counts.getIfPresent(user);
        if (n != null) {
            n.updateAndGet(v -> Math.max(0, v - 1));
        }
    }

    @Override
    public void invalidate(String user) {
        counts.invalidate(user);
    }
}
