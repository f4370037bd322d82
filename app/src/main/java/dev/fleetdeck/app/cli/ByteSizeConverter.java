package dev.fleetdeck.app.cli;

import dev.fleetdeck.config.ByteSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 64g}, {@code 512m}, bytes... for options; a bad size is a usage error (exit 2). */
public final class ByteSizeConverter implements ITypeConverter<ByteSize> {

    @Override
    public ByteSize convert(String value) {
        try {
            return ByteSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
