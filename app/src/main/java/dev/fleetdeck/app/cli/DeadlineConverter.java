package dev.fleetdeck.app.cli;

import dev.fleetdeck.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 30s}, {@code 30m}, {@code 2h} or {@code none} (no deadline: {@code null}); else a usage error. */
public final class DeadlineConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        if ("none".equalsIgnoreCase(value.trim())) {
            return null;
        }
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage() + ", or none for no deadline");
        }
    }
}
