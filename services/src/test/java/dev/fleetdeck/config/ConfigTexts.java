package dev.fleetdeck.config;

import java.nio.file.Path;

/** Configuration read from text as {@code fleet.yaml}, for tests of what a bad file says. */
final class ConfigTexts {
    private ConfigTexts() {}

    /** The one-line error reading {@code yaml} gives; fails the test when it reads fine. */
    static String errorOf(ConfigLoader loader, String yaml) {
        try {
            loader.read(Path.of("fleet.yaml"), yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }
}
