package dev.fleetdeck.history;

import java.time.Duration;
import java.util.Optional;

/**
 * A span of history a chart or the advisor asks for, and the resolution it is kept at: a few
 * hundred points per span, however long, so a month costs a chart what an hour does.
 * Each has its span (how far back it reaches), its step (one point per step: the local store's
 * bucket, Prometheus's {@code step}) and its label (as the range switch and the commands write it).
 */
public enum HistoryRange {
    HOUR(0, Duration.ofHours(1), Duration.ofSeconds(15), "1 h"),
    DAY(1, Duration.ofDays(1), Duration.ofMinutes(5), "24 h"),
    WEEK(2, Duration.ofDays(7), Duration.ofMinutes(30), "7 d"),
    MONTH(3, Duration.ofDays(30), Duration.ofHours(2), "30 d");

    private final int code;
    private final Duration span;
    private final Duration step;
    private final String label;

    HistoryRange(int code, Duration span, Duration step, String label) {
        this.code = code;
        this.span = span;
        this.step = step;
        this.label = label;
    }

    /**
     * The range's number in a history store, fixed for good (the values the first stores wrote, then
     * the enum's order): reordering or adding ranges must not make a stored week read as a day.
     */
    public int code() {
        return code;
    }

    public Duration span() {
        return span;
    }

    public Duration step() {
        return step;
    }

    public String label() {
        return label;
    }

    /** Points a full range holds: 240, 288, 336, 360. */
    public int points() {
        return (int) (span.toSeconds() / step.toSeconds());
    }

    /** The finest range that reaches {@code back}, or empty past a month. */
    public static Optional<HistoryRange> covering(Duration back) {
        for (HistoryRange r : values()) {
            if (r.span.compareTo(back) >= 0) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
