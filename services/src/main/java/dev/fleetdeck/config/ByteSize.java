package dev.fleetdeck.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory in bytes. Units are binary (k = 1024) because Docker's {@code --memory 4g}
 * and the sizing guide's "4 GB" workspaces mean 4 × 2^30 bytes.
 */
public record ByteSize(long bytes) {

    private static final Pattern TEXT =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kmgtp]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgtp";
    private static final String[] NAMES = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final String EXAMPLE = "write e.g. 4g, 512m, 1.5g or a plain number of bytes";

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative, got " + bytes + " bytes");
        }
    }

    /**
     * Reads {@code 4g}, {@code 64G}, {@code 512m}, {@code 256mb}, {@code 1.5GiB}, {@code 1024k}
     * or plain bytes. Fractions are allowed when they come to whole bytes after rounding down.
     *
     * @throws IllegalArgumentException with a message that says what to write instead
     */
    public static ByteSize parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a size is required — " + EXAMPLE);
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("a size cannot be negative, got \"" + trimmed + "\"");
        }
        Matcher m = TEXT.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + trimmed + "\" is not a size — " + EXAMPLE);
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        int power = unit.isEmpty() ? 0 : UNITS.indexOf(unit) + 1;
        BigDecimal value =
                new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("\"" + trimmed + "\" is too large for a size");
        }
        return new ByteSize(value.setScale(0, RoundingMode.DOWN).longValueExact());
    }

    /** Human text in the largest binary unit that keeps the number >= 1, e.g. {@code 4.0 GiB}. */
    public String toHuman() {
        int power = 0;
        while (power < NAMES.length - 1 && bytes >= 1L << (10 * (power + 1))) {
            power++;
        }
        if (power == 0) {
            return bytes + " B";
        }
        BigDecimal value = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1L << (10 * power)));
        return value.setScale(1, RoundingMode.HALF_UP).toPlainString() + " " + NAMES[power];
    }

    /**
     * The shortest text {@link #parse} reads back to exactly these bytes: {@code 4g} when the
     * amount is a whole number of GiB, else plain bytes. For files and command lines, where
     * {@link #toHuman()} would round.
     */
    public String toExactText() {
        for (int power = UNITS.length(); power >= 1; power--) {
            long unit = 1L << (10 * power);
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + String.valueOf(UNITS.charAt(power - 1));
            }
        }
        return Long.toString(bytes);
    }

    @Override
    public String toString() {
        return toHuman();
    }
}
