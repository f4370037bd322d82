package dev.fleetdeck.startup;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The width of a trend's buckets; buckets start on whole UTC days or hours. */
public enum TrendUnit {
    DAY(Duration.ofDays(1)),
    HOUR(Duration.ofHours(1));

    private final long millis;

    TrendUnit(Duration width) {
        this.millis = width.toMillis();
    }

    public long millis() {
        return millis;
    }

    /** The start of the bucket holding this instant (UTC: epoch days and hours have no zone). */
    public Instant bucketStart(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), millis) * millis);
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "day" or "hour", any case; anything else names the units there are. */
    public static TrendUnit parse(String s) {
        for (TrendUnit u : values()) {
            if (u.key().equalsIgnoreCase(s.trim())) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown trend unit '" + s + "': use one of "
                + Arrays.stream(values()).map(TrendUnit::key).collect(Collectors.joining(", ")));
    }
}
