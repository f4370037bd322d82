package dev.fleetdeck.testbed;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the sizes the docker CLI prints ({@code 20.97MB}, {@code 1.983kB}, {@code 0B}): decimal units. */
public final class DockerSizes {
    private static final Pattern SIZE = Pattern.compile("([0-9.]+)\\s*(B|kB|MB|GB|TB)");

    private DockerSizes() {}

    /** The first size in {@code text}, e.g. {@code "21MB (virtual 23MB)"} → 21 000 000; 0 when there is none. */
    public static double bytes(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.find()) {
            return 0;
        }
        double unit = switch (m.group(2)) {
            case "kB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            default -> 1;
        };
        return Double.parseDouble(m.group(1)) * unit;
    }
}
