package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Puts a cordoned or drained agent back in rotation. */
@Command(
        name = "enable",
        mixinStandardHelpOptions = true,
        description = "Put a cordoned, drained or failed agent back in rotation.",
        usageHelpAutoWidth = true)
public final class EnableCommand extends FleetCommand {

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent to enable.")
    String agent;

    public EnableCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        CommandSupport.requireAgent(spec, services, agent);
        boolean recorded =
                services.drains().records().stream().anyMatch(r -> r.agent().equals(agent));
        if (services.adminStates().entry(agent).isEmpty() && !recorded) {
            out.println(agent + " is already enabled — nothing to do");
            return 0;
        }
        services.drains().enable(agent);
        out.println(agent + ": enabled — takes new sessions again");
        return 0;
    }
}
