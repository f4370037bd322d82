package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Wiring;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code fleetdeck} command line over one wiring, writing to the given streams. */
public final class Cli {

    private final CommandLine commandLine;

    public Cli(Wiring wiring, PrintWriter out, PrintWriter err) {
        GlobalOptions global = new GlobalOptions();
        ErrorReporter errors = new ErrorReporter();
        this.commandLine = new CommandLine(FleetdeckCommand.class, new CommandFactory(wiring, global))
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
        // Every command takes -V like the top one; without this a subcommand's -V prints nothing.
        giveVersionToAll(commandLine, new VersionProvider());
    }

    private static void giveVersionToAll(CommandLine command, VersionProvider version) {
        command.getCommandSpec().versionProvider(version);
        command.getSubcommands().values().forEach(sub -> giveVersionToAll(sub, version));
    }

    /** Parses and runs; returns the exit code. */
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
