package dev.fleetdeck.app.cli;

import dev.fleetdeck.config.ConfigLocator;
import dev.fleetdeck.config.ConfigLocator.ConfigLocation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Where the configuration is read from, and whether it is there. */
@Command(
        name = "path",
        mixinStandardHelpOptions = true,
        description = "Print the configuration file the console reads, and whether it exists.")
public final class ConfigPathCommand implements Callable<Integer> {

    private final GlobalOptions global;
    private final ConfigLocator locator;

    @Spec
    CommandSpec spec;

    public ConfigPathCommand(GlobalOptions global, ConfigLocator locator) {
        this.global = global;
        this.locator = locator;
    }

    @Override
    public Integer call() {
        ConfigLocation location = locator.locate(global.config().orElse(null));
        PrintWriter out = spec.commandLine().getOut();
        // The path alone on the first line, so that scripts can use $(fleetdeck config path | head -1).
        out.println(location.path());
        if (location.given()) {
            out.println(
                    location.exists() ? "(given with --config)" : "(given with --config, but there is no such file)");
        } else {
            out.println(location.exists() ? "(found)" : "(not found: the console uses its embedded default)");
        }
        return 0;
    }
}
