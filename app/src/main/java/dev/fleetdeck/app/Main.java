package dev.fleetdeck.app;

import dev.fleetdeck.app.cli.Cli;
import java.io.PrintWriter;

/**
 * {@code fleetdeck} with no command opens the console window; with a command it runs headless.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Wiring wiring = Wiring.standard(services -> new FxGuiLauncher(services, System.err));
        int code = new Cli(wiring, new PrintWriter(System.out, true), new PrintWriter(System.err, true)).run(args);
        System.exit(code);
    }
}
