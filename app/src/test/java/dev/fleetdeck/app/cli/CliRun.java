package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.GuiLauncher;
import dev.fleetdeck.app.Wiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One run of the command line in-process, as a user whose home is {@code home} would run it: the
 * configuration and data folders are the home's own, so tests never see the machine's.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun in(Path home, String... args) {
        return in(home, options -> 0, Map.of(), args);
    }

    static CliRun in(Path home, GuiLauncher gui, Map<String, String> moreEnvironment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>(moreEnvironment);
        environment.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        environment.put("FLEETDECK_DATA_DIR", home.resolve("data").toString());
        Wiring wiring = Wiring.standard(environment, home, services -> gui);
        int code = new Cli(wiring, new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
