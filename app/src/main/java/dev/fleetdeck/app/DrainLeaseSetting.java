package dev.fleetdeck.app;

import dev.fleetdeck.config.DurationText;
import dev.fleetdeck.drain.DrainService;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The drain lease's TTL from {@code FLEETDECK_DRAIN_LEASE} (default 30s): how long a console that
 * died holds an agent before another takes its drain over. An environment setting rather than a
 * config key: every console of a team must agree on it, and it is tuned for tests and for links
 * to Redis that fail over slowly, not per fleet.
 */
final class DrainLeaseSetting {
    static final String VARIABLE = "FLEETDECK_DRAIN_LEASE";
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    private DrainLeaseSetting() {}

    static DrainService.Timing timing(String value, Consumer<String> problems) {
        DrainService.Timing defaults = DrainService.Timing.defaults();
        if (value == null || value.isBlank()) {
            return defaults;
        }
        try {
            Duration ttl = DurationText.parse(value);
            if (ttl.compareTo(SHORTEST) < 0) {
                throw new IllegalArgumentException("\"" + value + "\" is shorter than 1s");
            }
            return new DrainService.Timing(defaults.tick(), ttl);
        } catch (IllegalArgumentException e) {
            problems.accept("warning: " + VARIABLE + ": " + e.getMessage() + "; using "
                    + DurationText.format(defaults.leaseTtl()));
            return defaults;
        }
    }
}
