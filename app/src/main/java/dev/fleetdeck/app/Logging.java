package dev.fleetdeck.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The one logging setup: SLF4J with logback, java.util.logging (JavaFX, {@code System.Logger})
 * bridged into it. A command prints only its own lines, so logging writes nothing to stderr
 * unless {@code --verbose}; the window logs to a rolling file under the state folder.
 * Configured by {@code logback.xml} and {@code dev/fleetdeck/logback-window.xml} (resources).
 */
public final class Logging {
    private final Path logDir;
    private final boolean verbose;

    public Logging(Path logDir, boolean verbose) {
        this.logDir = logDir;
        this.verbose = verbose;
    }

    /** The state folder's logging: $XDG_STATE_HOME/fleetdeck, else ~/.local/state/fleetdeck. */
    public static Logging of(Map<String, String> env, Path home, boolean verbose) {
        return new Logging(DataDir.state(env, home), verbose);
    }

    public Path logDir() {
        return logDir;
    }

    /** For a command: nothing on stderr (as {@link QuietStart} left it), or everything from DEBUG up with --verbose. */
    public void forCommand() {
        bridgeJavaUtilLogging();
        if (verbose) {
            configure("logback.xml");
        } else {
            // Now, on this thread: SLF4J started by two threads logging at once prints its "replay" warning.
            LoggerFactory.getILoggerFactory();
        }
    }

    /** For the window: the rolling file {@code fleetdeck.log} in {@link #logDir()}. */
    public void forWindow() {
        bridgeJavaUtilLogging();
        configure("dev/fleetdeck/logback-window.xml");
    }

    private static void bridgeJavaUtilLogging() {
        // java.util.logging's own console handler would print JavaFX's warnings: send them to SLF4J.
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private void configure(String resource) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return; // another backend (a test's): it configures itself
        }
        URL config = Logging.class.getClassLoader().getResource(resource);
        if (config == null) {
            return;
        }
        context.reset();
        context.putProperty("fleetdeck.log.dir", logDir.toString());
        context.putProperty("fleetdeck.console.level", verbose ? "DEBUG" : "OFF");
        context.putProperty("fleetdeck.log.level", verbose ? "DEBUG" : "INFO");
        context.putProperty("fleetdeck.root.level", verbose ? "DEBUG" : "WARN");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            // Logging is for later reading; a broken setup must not stop a command.
        }
    }
}
