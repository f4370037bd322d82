package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.pool.StagedSession;
import dev.fleetdeck.pool.StagingPool;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fills a staging pool once through the normal launch path and prints the staged sessions: a check
 * that the fleet can hold the pool (capacity, cordons, images) and how long staging takes.
 */
@Command(name = "fill", mixinStandardHelpOptions = true,
        description = "Fill a staging pool once (launches through placement, so capacity, cordons and images apply) "
                + "and print the staged sessions. Staged sessions are handed out only by the console that staged "
                + "them, so these are removed when the command ends. Exit 0 when the pool is full.")
public final class PoolFillCommand implements Callable<Integer> {
    private final GlobalOptions global;
    private final ServicesOpener opener;
    private final ObjectMapper json;

    @Spec
    CommandSpec spec;

    @Option(names = "--type", required = true, paramLabel = "WORKSPACE", description = "Workspace type, e.g. firefox.")
    String type;

    @Option(names = "--size", required = true, paramLabel = "N", description = "Ready sessions to keep.")
    int size;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Only agents of this zone.")
    String zone;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Extra environment for the containers.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print one JSON object per staged session.")
    boolean asJson;

    public PoolFillCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        this.global = global;
        this.opener = opener;
        this.json = json;
    }

    @Override
    public Integer call() throws Exception {
        CommandSupport.requireBetween(spec, "--size", size, 1, 100);
        PrintWriter out = spec.commandLine().getOut();
        try (Services services = CommandSupport.open(opener, global, spec)) {
            CommandSupport.requireWorkspace(spec, services, type);
            services.fleet().refreshAll();
            StagingPool pool = services.stagingPools().define(new StagingPool(zone, type, size, Duration.ofHours(1), env));
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
}
