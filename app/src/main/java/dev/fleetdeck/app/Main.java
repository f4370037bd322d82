package dev.fleetdeck.app;

import dev.fleetdeck.app.cli.Cli;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code fleetdeck} with no command opens the console window; with a command it runs headless.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // Before anything logs, so a command's stderr has only its own lines. --verbose is also a
        // picocli option (help, placement); logging is set up before parsing, hence this look.
        boolean verbose = List.of(args).contains("--verbose");
        Logging logging = Logging.of(System.getenv(), Path.of(System.getProperty("user.home")), verbose);
        logging.forCommand();
        Wiring wiring = Wiring.standard(
                services -> new FxGuiLauncher(services, System.err, logging, GraphicalSession.ofThisMachine()));
        int code = new Cli(wiring, console(System.out), console(System.err)).run(args);
        System.exit(code);
    }

    /** As {@code new PrintWriter(stream, true)} would, but with the platform charset said out loud. */
    private static PrintWriter console(OutputStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, Charset.defaultCharset())), true);
    }
}
