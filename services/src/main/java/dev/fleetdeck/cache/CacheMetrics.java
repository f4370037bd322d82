package dev.fleetdeck.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * What every cache of the console reports, so one view lists them all alike. The performance
 * reports judge a cache by hit rate (target above 80 %) and by hit and miss latency.
 */
public interface CacheMetrics {
    String name();

    CacheCounts counts();

    /** How long an entry lives, when the cache has one fixed time to live. */
    default Optional<Duration> ttl() {
        return Optional.empty();
    }
}
