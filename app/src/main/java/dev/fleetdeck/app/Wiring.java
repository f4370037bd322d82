package dev.fleetdeck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.ConfigLoader;
import dev.fleetdeck.config.ConfigLocator;
import dev.fleetdeck.config.WorkspaceCatalog;
import java.nio.file.Path;
import java.util.Map;

/**
 * The services the application is built from, made once and handed to whatever needs them. The
 * one place that knows about the process environment; everything else gets it by constructor.
 */
public record Wiring(ConfigLocator configLocator, ConfigLoader configLoader, GuiLauncher guiLauncher, ObjectMapper json) {

    /** The wiring of a real run, from the process environment. */
    public static Wiring standard(GuiLauncher guiLauncher) {
        return standard(System.getenv(), Path.of(System.getProperty("user.home")), guiLauncher);
    }

    public static Wiring standard(Map<String, String> environment, Path userHome, GuiLauncher guiLauncher) {
        return new Wiring(
                new ConfigLocator(environment, userHome),
                new ConfigLoader(WorkspaceCatalog.builtIn(), userHome),
                guiLauncher,
                new ObjectMapper());
    }
}
