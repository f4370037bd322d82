package dev.fleetdeck.app.cli;

import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.config.KeySuggestion;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into what an operator reads in a terminal: one line naming the problem, and for
 * usage mistakes a second line pointing at help. Never a stack trace, never a usage wall.
 *
 * <p>Exit codes: 2 for bad input (usage, configuration), 1 for anything else that failed.
 */
public final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("fleetdeck: " + problem(e));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (e instanceof ConfigException) {
            // already "file:line:col: problem — write e.g. ..."
            err.println(e.getMessage());
            return BAD_INPUT;
        }
        String message = e.getMessage();
        err.println("fleetdeck: "
                + (message == null || message.isBlank() ? e.getClass().getSimpleName() : firstLine(message)));
        return FAILED;
    }

    private static String problem(ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        // picocli checks required options before it complains about unknown ones; a typo in an
        // option name is the more useful thing to hear about.
        List<String> unmatched = e instanceof UnmatchedArgumentException u
                ? u.getUnmatched()
                : cmd.getParseResult() != null ? cmd.getParseResult().unmatched() : List.of();
        if (!unmatched.isEmpty()) {
            return unknown(cmd, unmatched.get(0));
        }
        if (firstLine(e.getMessage()).startsWith("Missing required subcommand")) {
            return cmd.getCommandSpec().qualifiedName() + " needs a command: "
                    + String.join(", ", cmd.getSubcommands().keySet());
        }
        return firstLine(e.getMessage());
    }

    private static String unknown(CommandLine cmd, String argument) {
        boolean option = argument.startsWith("-");
        String name = option ? argument.split("=", 2)[0] : argument;
        List<String> known = option
                ? cmd.getCommandSpec().options().stream()
                        .flatMap(o -> List.of(o.names()).stream())
                        .toList()
                : List.copyOf(cmd.getSubcommands().keySet());
        String suggestion = KeySuggestion.closest(name, known)
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
        return (option
                        ? "unknown option '"
                        : cmd.getSubcommands().isEmpty() ? "unexpected argument '" : "unknown command '")
                + name + "'" + suggestion;
    }

    private static String firstLine(String message) {
        return message.strip().lines().findFirst().orElse(message);
    }
}
