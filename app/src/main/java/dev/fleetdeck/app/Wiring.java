package dev.fleetdeck.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.ConfigLoader;
import dev.fleetdeck.config.ConfigLocator;
import dev.fleetdeck.config.WorkspaceCatalog;
import dev.fleetdeck.contexts.DockerContexts;
import dev.fleetdeck.store.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The services the application is built from, made once and handed to whatever needs them. The
 * one place that knows about the process environment; everything else gets it by constructor.
 */
public record Wiring(
        ConfigLocator configLocator,
        ConfigLoader configLoader,
        ServicesOpener services,
        GuiLauncher guiLauncher,
        ObjectMapper json,
        DockerContexts dockerContexts) {

    /** The wiring of a real run, from the process environment. */
    public static Wiring standard(Function<ServicesOpener, GuiLauncher> gui) {
        return standard(System.getenv(), Path.of(System.getProperty("user.home")), gui);
    }

    public static Wiring standard(
            Map<String, String> environment, Path userHome, Function<ServicesOpener, GuiLauncher> gui) {
        ConfigLocator locator = new ConfigLocator(environment, userHome);
        ConfigLoader loader = new ConfigLoader(WorkspaceCatalog.builtIn(), userHome, environment::get);
        ObjectMapper json = Json.mapper();
        ServicesOpener services = new ServicesOpener(
                new FleetOpener(
                        locator, loader, WorkspaceCatalog.builtIn(), () -> DockerHost.local(environment, userHome)),
                DataDir.resolve(environment, userHome),
                json);
        return new Wiring(
                locator,
                loader,
                services,
                gui.apply(services),
                json,
                new DockerContexts(DockerContexts.configDir(environment, userHome), json));
    }
}
