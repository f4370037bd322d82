package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.fleet.Session;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Stops and removes sessions; their capacity is free again. */
@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        description = "Stop and remove sessions by session id (or container id prefix); frees their capacity.")
public final class DestroyCommand extends FleetCommand {

    @Parameters(arity = "1..*", paramLabel = "SESSION", description = "Session ids as 'fleetdeck sessions' lists them.")
    List<String> ids;

    public DestroyCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        PrintWriter err = err();
        int failed = 0;
        FleetSnapshot fleet = services.fleet().refreshAll();
        for (String id : ids) {
            Optional<Session> session = fleet.sessions()
                    .filter(s -> s.sessionId().equals(id)
                            || (id.length() >= 6 && s.containerId().startsWith(id)))
                    .findFirst();
            if (session.isEmpty()) {
                err.println("fleetdeck: no session '" + id + "' on any agent that answers (see 'fleetdeck sessions')");
                failed++;
                continue;
            }
            try {
                services.sessionControl().destroy(session.get());
                out.println("destroyed " + session.get().sessionId() + " of "
                        + session.get().user() + " on " + session.get().agent());
            } catch (AgentEngine.EngineException e) {
                err.println("fleetdeck: could not destroy " + id + ": " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
