package dev.fleetdeck.ui.cache;

import dev.fleetdeck.cache.CacheCounts;
import java.time.Duration;

/**
 * One cache as the table shows it.
 *
 * @param sinceStart   the counters since the console started
 * @param lastInterval hit rate of the last sampling interval, 0..1; NaN when nothing was looked up
 * @param belowTarget  the rate that counts now (the last interval, else since start) is under target
 */
public record CacheRow(String name, Duration ttl, CacheCounts sinceStart, double lastInterval, boolean belowTarget) {

    /** The hit rate that describes the cache now: the last interval's, else since start; NaN if never asked. */
    public double current() {
        if (!Double.isNaN(lastInterval)) {
            return lastInterval;
        }
        return sinceStart.hits() + sinceStart.misses() == 0 ? Double.NaN : sinceStart.hitRate();
    }
}
