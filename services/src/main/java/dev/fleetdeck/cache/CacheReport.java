package dev.fleetdeck.cache;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every cache's counters and the Redis server's reading, taken together.
 *
 * @param redis empty when no Redis is configured; a reading that is not {@code available()} when
 *              Redis did not answer
 */
public record CacheReport(Instant at, List<CacheSample> caches, Optional<RedisServerMonitor.Reading> redis) {

    public CacheReport {
        caches = List.copyOf(caches);
    }
}
