package dev.fleetdeck.cache;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every cache of the console and the Redis server behind the shared ones, read in one go. */
public final class CacheRegistry {
    private final List<CacheMetrics> caches;
    private final Optional<RedisServerMonitor> redis;
    private final Clock clock;

    /** @param redis empty when no Redis is configured */
    public CacheRegistry(List<CacheMetrics> caches, Optional<RedisServerMonitor> redis, Clock clock) {
        this.caches = List.copyOf(caches);
        this.redis = redis;
        this.clock = clock;
    }

    public List<CacheMetrics> caches() {
        return caches;
    }

    public boolean redisConfigured() {
        return redis.isPresent();
    }

    /** Reads every cache's counters, and the Redis server's INFO (one round trip, bounded by its timeout). */
    public CacheReport read() {
        List<CacheSample> samples = new ArrayList<>(caches.size());
        for (CacheMetrics c : caches) {
            samples.add(new CacheSample(c.name(), c.ttl(), c.counts()));
        }
        return new CacheReport(clock.instant(), samples, redis.map(RedisServerMonitor::read));
    }
}
