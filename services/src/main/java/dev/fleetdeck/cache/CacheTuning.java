package dev.fleetdeck.cache;

import java.time.Duration;

/**
 * How the caches are sized and watched.
 *
 * @param sampleInterval how often every cache's counters are sampled for the history
 * @param historySpan    how far back the history reaches
 * @param targetHitRate  the hit rate a cache should reach, 0..1 (the reports aim above 80 %)
 */
public record CacheTuning(
        ContainerCaches.Ttls ttls, Duration sampleInterval, Duration historySpan, double targetHitRate) {

    public static CacheTuning defaults() {
        return new CacheTuning(ContainerCaches.Ttls.defaults(), Duration.ofSeconds(10), Duration.ofHours(1), 0.80);
    }

    /** Samples the history keeps per cache. */
    public int historyLength() {
        return (int) Math.max(2, historySpan.toMillis() / Math.max(1, sampleInterval.toMillis()));
    }
}
