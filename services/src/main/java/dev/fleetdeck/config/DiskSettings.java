package dev.fleetdeck.config;

import java.time.Duration;

/**
 * How often the agents' disk use is read and when it warns.
 *
 * @param interval        how often each agent's {@code /system/df} is read (slow on a big agent)
 * @param warnPercent     disk use above this share of its limit warns
 * @param criticalPercent above this it is critical (and alerts)
 */
public record DiskSettings(Duration interval, double warnPercent, double criticalPercent) {

    /** {@code /system/df} walks every layer: every few minutes is what a growing disk needs. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    /** Below this, reads would pile onto engines that take a while to answer each. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

    /**
     * The bound of one read: as long as a round, at most a minute. A read that outlasts a round is
     * of no use, and one past a minute says the engine is stuck rather than busy.
     */
    public Duration readTimeout() {
        return interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
    }

    public static DiskSettings defaults() {
        return new DiskSettings(DEFAULT_INTERVAL, 80, 90);
    }
}
