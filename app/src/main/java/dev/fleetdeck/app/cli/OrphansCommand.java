package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.launch.Orphans;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Finds (and with --remove, removes) session containers that no launch record accounts for. */
@Command(
        name = "orphans",
        mixinStandardHelpOptions = true,
        description = "Session containers without a startup record: half-done launches of a console that was "
                + "killed. Lists them; --remove destroys them. With a local journal, sessions launched by "
                + "other consoles are listed too: check before removing.")
public final class OrphansCommand extends FleetCommand {

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Sessions created in the last N days.")
    int days;

    @Option(names = "--remove", description = "Destroy the orphaned containers.")
    boolean remove;

    public OrphansCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    void check() {
        CommandSupport.requireAtLeast(spec, "--days", days, 1);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        PrintWriter err = err();
        List<Session> orphans = new Orphans(services.startupStore())
                .find(services.fleet(), Instant.now().minus(Duration.ofDays(days)));
        int failed = 0;
        for (Session s : orphans) {
            String line = s.sessionId() + "  " + s.user() + "  " + s.workspaceType() + "  " + s.agent() + "  "
                    + s.containerId().substring(0, Math.min(12, s.containerId().length())) + "  " + s.state();
            if (!remove) {
                out.println(line);
                continue;
            }
            try {
                services.sessionControl().destroy(s);
                out.println("removed " + line);
            } catch (AgentEngine.EngineException e) {
                err.println("fleetdeck: could not remove " + s.sessionId() + ": " + e.getMessage());
                failed++;
            }
        }
        out.println(orphans.size() + " orphaned session container(s)"
                + (remove ? ", removed " + (orphans.size() - failed) : "")
                + (orphans.isEmpty() || remove ? "" : "; 'fleetdeck orphans --remove' destroys them"));
        return failed == 0 ? 0 : 1;
    }
}
