package dev.fleetdeck.drain;

import dev.fleetdeck.config.DurationText;
import java.time.Duration;
import java.time.Instant;

/**
 * One notice a drain sent (or tried to send) into a session, as its record keeps it: which users
 * were told, when, and why not.
 *
 * @param point     when in the drain: {@link #START}, {@link #STOP}, or the time left before the
 *                  deadline it was sent at ({@code "10m"}, {@code "1m"})
 * @param delivered the notice command ran and exited 0
 * @param detail    why it was not delivered (the exit and its last line, a time limit, no command);
 *                  empty when delivered
 */
public record SessionNotice(String point, Instant at, boolean delivered, String detail) {
    public static final String START = "start";
    public static final String STOP = "stop";

    public SessionNotice {
        detail = detail == null ? "" : detail;
    }

    /** The point name of a notice sent this long before the deadline. */
    public static String before(Duration left) {
        return DurationText.format(left);
    }
}
