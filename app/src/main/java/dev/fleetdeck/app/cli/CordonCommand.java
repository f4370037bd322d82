package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Takes an agent out of placement without touching its sessions. */
@Command(
        name = "cordon",
        mixinStandardHelpOptions = true,
        description = "Stop placing new sessions on an agent; its sessions keep running.",
        footer =
                "%nShared: every console and command of this fleet honours it before its next placement. Undo with: fleetdeck enable AGENT",
        usageHelpAutoWidth = true)
public final class CordonCommand extends FleetCommand {

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent to cordon.")
    String agent;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why, shown with the agent's state in every console (one line, at most 200 characters).")
    String reason;

    public CordonCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    void check() {
        reason = CommandSupport.requireReason(spec, reason);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        CommandSupport.requireAgent(spec, services, agent);
        services.drains().cordon(agent, reason);
        out.println(agent + ": cordoned — no new sessions; existing ones keep running");
        return 0;
    }
}
