package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Takes an agent out of placement without touching its sessions. */
@Command(name = "cordon", mixinStandardHelpOptions = true,
        description = "Stop placing new sessions on an agent; its sessions keep running.",
        footer = "%nPersisted: every console started later keeps it cordoned. Undo with: fleetdeck enable AGENT",
        usageHelpAutoWidth = true)
public final class CordonCommand extends FleetCommand {

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent to cordon.")
    String agent;

    public CordonCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        services.drains().cordon(agent);
        out.println(agent + ": cordoned — no new sessions; existing ones keep running");
        return 0;
    }
}
