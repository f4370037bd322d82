package dev.fleetdeck.app.cli;

import dev.fleetdeck.config.DurationText;
import dev.fleetdeck.drain.DrainOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What users are told in their sessions, and when: the options {@code drain} and {@code rolling-drain} share. */
public final class NoticeOptions {
    /** A notice is a desktop message or a banner: longer text is cut off there anyway. */
    static final int MAX_MESSAGE = DrainOptions.MAX_MESSAGE;

    @Option(
            names = {"-m", "--message"},
            paramLabel = "TEXT",
            description = "What users are told in their sessions, through their workspace's notice command "
                    + "(default: \"" + DrainOptions.STANDARD_MESSAGE + "\").")
    String message;

    @Option(
            names = "--notice-before",
            paramLabel = "DURATIONS",
            defaultValue = "10m,1m",
            description = "When before the deadline users are told again, besides at the start and at a stop "
                    + "(default 10m,1m; none for never).")
    String before;

    /** The options with these notices; a bad message or duration is a usage error naming it. */
    DrainOptions applyTo(CommandSpec spec, DrainOptions options) {
        String text = null;
        if (message != null) {
            text = message.strip();
            if (text.isEmpty() || text.contains("\n") || text.length() > MAX_MESSAGE) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--message must be one line of 1 to " + MAX_MESSAGE
                                + " characters, got "
                                + (text.isEmpty()
                                        ? "an empty one"
                                        : text.length() + " characters"
                                                + (text.contains("\n") ? " on several lines" : "")));
            }
        }
        List<Duration> points = new ArrayList<>();
        if (!before.strip().equalsIgnoreCase("none")) {
            // A trailing comma ("10m,1m,") stays accepted, as it was; an empty part inside is an error.
            List<String> parts = new ArrayList<>(List.of(before.split(",", -1)));
            while (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
                parts.remove(parts.size() - 1);
            }
            for (String part : parts) {
                try {
                    Duration d = DurationText.parse(part.strip());
                    if (d.isNegative() || d.isZero()) {
                        throw new IllegalArgumentException("\"" + part.strip() + "\" is not after 0");
                    }
                    points.add(d);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(
                            spec.commandLine(), "--notice-before: " + e.getMessage() + " — write e.g. 10m,1m, or none");
                }
            }
        }
        return options.withNotices(text, points);
    }
}
