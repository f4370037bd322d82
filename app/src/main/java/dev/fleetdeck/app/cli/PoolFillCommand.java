package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.pool.StagedSession;
import dev.fleetdeck.pool.StagingPool;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fills a staging pool once through the normal launch path and prints the staged sessions: a check
 * that the fleet can hold the pool (capacity, cordons, images) and how long staging takes.
 */
@Command(name = "fill", mixinStandardHelpOptions = true,
        description = "Fill a staging pool once (launches through placement, so capacity, cordons and images apply) "
                + "and print the staged sessions. Staged sessions are handed out only by the console that staged "
                + "them, so these are removed when the command ends. Exit 0 when the pool is full.")
public final class PoolFillCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(names = "--type", required = true, paramLabel = "WORKSPACE", description = "Workspace type, e.g. firefox.")
    String type;

    @Option(names = "--size", required = true, paramLabel = "N", description = "Ready sessions to keep.")
    int size;

    @Mixin
    LaunchScope scope = new LaunchScope();

    @Option(names = "--json", description = "Print one JSON object per staged session.")
    boolean asJson;

    public PoolFillCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    void check() {
        CommandSupport.requireBetween(spec, "--size", size, 1, 100);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        CommandSupport.requireWorkspace(spec, services, type);
        services.fleet().refreshAll();
        StagingPool pool = services.stagingPools().define(new StagingPool(scope.zone, type, size, Duration.ofHours(1), scope.env));
        long t0 = System.nanoTime();
        List<StagedSession> staged = services.poolKeeper().refill();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        for (StagedSession s : staged) {
            out.println(asJson ? json.writeValueAsString(Map.of("sessionId", s.sessionId(), "agent", s.agent(),
                    "containerId", s.containerId(), "workspaceType", type))
                    : s.sessionId() + " " + type + " agent=" + s.agent() + " container="
                    + s.containerId().substring(0, Math.min(12, s.containerId().length())));
        }
        int have = services.stagingPools().available(pool).size();
        if (!asJson) {
            out.println(have + " of " + size + " staged (" + pool.label() + ") in " + ms + " ms");
        }
        return have == size ? 0 : 1;
    }
}
