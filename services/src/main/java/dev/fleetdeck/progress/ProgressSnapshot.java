package dev.fleetdeck.progress;

import java.time.Duration;
import java.util.Optional;

/**
 * How far one piece of long work is, as the window's task list and a terminal's progress line
 * show it.
 *
 * @param done         units done (bytes, launches, sessions, transfers)
 * @param total        units in all; 0 while unknown
 * @param ratePerSecond units per second since the work began; 0 before anything is done
 * @param unit         what a unit is, for people: "B" (shown as KiB/MiB/GiB), "launches", "sessions"
 */
public record ProgressSnapshot(
        long id,
        String title,
        String unit,
        long done,
        long total,
        double ratePerSecond,
        Duration elapsed,
        boolean finished,
        boolean cancelled,
        String detail) {

    /** Done as a share of the total, 0..1; -1 while the total is unknown. */
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }

    /** Time left at the rate so far; empty while the total or the rate is unknown, zero once finished. */
    public Optional<Duration> remaining() {
        if (finished) {
            return Optional.of(Duration.ZERO);
        }
        if (total <= 0 || ratePerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(Math.max(0, total - done) / ratePerSecond * 1000)));
    }
}
