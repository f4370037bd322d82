package dev.fleetdeck.cache;

/**
 * What every cache of the console reports, so one view lists them all alike. The performance
 * reports judge a cache by hit rate (target above 80 %) and by hit and miss latency.
 */
public interface CacheMetrics {
    String name();

    CacheCounts counts();
}
