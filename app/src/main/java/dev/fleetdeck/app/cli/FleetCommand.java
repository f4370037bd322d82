package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command over the fleet of {@code --config}/{@code --demo}: the fleet is opened for {@link #run}
 * and closed after it, however it ends, so no command leaves threads or engines behind. Background
 * problems go to stderr as {@code fleetdeck: ...}, the same for every command.
 */
abstract class FleetCommand implements Callable<Integer> {

    private final GlobalOptions global;
    private final ServicesOpener opener;

    // picocli injects it into this superclass field as into any command's own.
    @Spec
    CommandSpec spec;

    FleetCommand(GlobalOptions global, ServicesOpener opener) {
        this.global = global;
        this.opener = opener;
    }

    @Override
    public final Integer call() throws Exception {
        check();
        try (Services services = opener.open(global.console(), p -> err().println("fleetdeck: " + p))) {
            return run(services, spec.commandLine().getOut());
        }
    }

    /**
     * Refuses option values that are wrong on their own. Runs before the fleet is opened, so a typo
     * costs no connection to any agent and gets no background warnings in front of its message.
     */
    void check() {}

    /** The command's work on the open fleet; returns the exit code. */
    abstract int run(Services services, PrintWriter out) throws Exception;

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
