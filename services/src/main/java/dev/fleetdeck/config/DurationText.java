package dev.fleetdeck.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in a config file: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
public final class DurationText {

    private static final Pattern TEXT = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    private DurationText() {}

    /** @throws IllegalArgumentException with a message that says what to write instead */
    public static Duration parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration — write e.g. 500ms, 2s or 1m");
        }
        // at most nine digits, so even hours fit a Duration
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The shortest exact text, e.g. {@code 2s}, {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms != 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
