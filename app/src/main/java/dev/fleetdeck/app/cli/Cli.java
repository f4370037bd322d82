package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Wiring;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(Cli::runRefusingWindowOptions);
        // Every command takes -V like the top one; without this a subcommand's -V prints nothing.
        giveVersionToAll(commandLine, new VersionProvider());
    }

    /** The window's own options, which a command (no window) would silently ignore. */
    private static final List<String> WINDOW_OPTIONS = List.of("--present", "--tour", "--story");

    private static int runRefusingWindowOptions(ParseResult parsed) {
        if (parsed.hasSubcommand()) {
            for (String option : WINDOW_OPTIONS) {
                if (parsed.hasMatchedOption(option)) {
                    throw new ParameterException(
                            parsed.commandSpec().commandLine(),
                            option + " is for the window; '"
                                    + parsed.subcommand().commandSpec().name() + "' opens none: leave " + option
                                    + " out, or give no command");
                }
            }
        }
        return new CommandLine.RunLast().execute(parsed);
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
