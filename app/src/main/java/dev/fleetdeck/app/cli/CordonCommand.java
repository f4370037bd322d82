package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Takes an agent out of placement without touching its sessions. */
@Command(name = "cordon", mixinStandardHelpOptions = true,
        description = "Stop placing new sessions on an agent; its sessions keep running.",
        footer = "%nPersisted: every console started later keeps it cordoned. Undo with: fleetdeck enable AGENT",
        usageHelpAutoWidth = true)
public final class CordonCommand implements Callable<Integer> {

    private final GlobalOptions global;
    private final ServicesOpener opener;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent to cordon.")
    String agent;

    public CordonCommand(GlobalOptions global, ServicesOpener opener) {
        this.global = global;
        this.opener = opener;
    }

    @Override
    public Integer call() throws Exception {
        try (Services services = opener.open(global.console(), spec.commandLine().getErr()::println)) {
            services.drains().cordon(agent);
            spec.commandLine().getOut().println(agent + ": cordoned — no new sessions; existing ones keep running");
            return 0;
        }
    }
}
