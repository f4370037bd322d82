package dev.fleetdeck.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration in a Fleetdeck process (found through {@code META-INF/services}):
 * nothing logged anywhere. A command without {@code --verbose} logs nothing, and reading
 * {@code logback.xml} costs a fifth of a second of a cold start (the XML parser and Joran's
 * classes); {@link Logging} reads the files only where they are used: {@code --verbose} and the
 * window.
 */
public final class QuietStart extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
