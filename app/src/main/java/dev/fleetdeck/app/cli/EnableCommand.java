package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Puts a cordoned or drained agent back in rotation. */
@Command(name = "enable", mixinStandardHelpOptions = true,
        description = "Put a cordoned, drained or failed agent back in rotation.",
        usageHelpAutoWidth = true)
public final class EnableCommand implements Callable<Integer> {

    private final GlobalOptions global;
    private final ServicesOpener opener;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent to enable.")
    String agent;

    public EnableCommand(GlobalOptions global, ServicesOpener opener) {
        this.global = global;
        this.opener = opener;
    }

    @Override
    public Integer call() throws Exception {
        try (Services services = opener.open(global.console(), spec.commandLine().getErr()::println)) {
            services.drains().enable(agent);
            spec.commandLine().getOut().println(agent + ": enabled — takes new sessions again");
            return 0;
        }
    }
}
