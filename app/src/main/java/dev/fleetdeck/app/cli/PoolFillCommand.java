package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.pool.PoolStatus;
import dev.fleetdeck.pool.StagedSession;
import dev.fleetdeck.pool.StagingPool;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Fills the fleet's staging pools now, through the normal launch path, and leaves the staged
 * sessions in the shared store for any launch to claim. It takes the keeper lease for the fill, so
 * it never stages beside a running keeper (which fills the pools itself).
 */
@Command(
        name = "fill",
        mixinStandardHelpOptions = true,
        description = "Fill the staging pools now (launches through placement, so capacity, cordons and images apply) "
                + "and print what was staged. The sessions stay staged for any console or command to claim. "
                + "Exit 0 when the pools are full.")
public final class PoolFillCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(names = "--type", paramLabel = "WORKSPACE", description = "Only this workspace type's pools.")
    String type;

    @Option(
            names = "--size",
            paramLabel = "N",
            description = "Ready sessions per zone for this fill, instead of the configured poolSize (needs --type; "
                    + "a running keeper trims back to the configured size).")
    Integer size;

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
        if (size != null) {
            CommandSupport.requireBetween(spec, "--size", size, 1, 100);
            if (type == null) {
                throw new ParameterException(
                        spec.commandLine(), "--size needs --type: which pool should hold " + size + "?");
            }
        }
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        if (type != null) {
            CommandSupport.requireWorkspace(spec, services, type);
        }
        if (scope.zone != null && !services.zones().contains(scope.zone)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown zone '" + scope.zone + "'; zones: " + String.join(", ", services.zones()));
        }
        if (size != null || !scope.env.isEmpty()) {
            WorkspaceType ws =
                    type == null ? null : services.config().workspace(type).orElseThrow();
            for (String zone : scope.zone == null ? services.zones() : List.of(scope.zone)) {
                for (WorkspaceType w : ws == null ? services.workspaces() : List.of(ws)) {
                    int n = size != null ? size : w.poolSizeIn(zone);
                    if (n > 0) {
                        services.stagingPools().define(new StagingPool(zone, w.name(), n, w.poolMaxAge(), scope.env));
                    }
                }
            }
        }
        Predicate<StagingPool> chosen = p -> p.size() > 0
                && (type == null || p.workspaceType().equals(type))
                && (scope.zone == null || Objects.equals(scope.zone, p.zone()));
        List<StagingPool> pools =
                services.stagingPools().pools().stream().filter(chosen).toList();
        if (pools.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no staging pool configured" + (type == null ? "" : " for " + type)
                            + " — set poolSize on the workspace, or give --type T --size N");
        }
        services.fleet().refreshAll();
        services.keeperLease().start();
        services.keeperLease().awaitFirstAsk(Duration.ofSeconds(10));
        if (!services.keeperLease().held()) {
            out.println(
                    "the pools are kept by " + services.keeperLease().holder().orElse("another process")
                            + ", which fills them itself; nothing staged here");
            printStatus(services, out, chosen);
            return 0;
        }
        if (!asJson) {
            services.onKeeperAction(out::println);
        }
        long t0 = System.nanoTime();
        List<StagedSession> staged = services.poolKeeper().refill(chosen);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (asJson) {
            for (StagedSession s : staged) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("sessionId", s.sessionId());
                row.put("agent", s.agent());
                row.put("containerId", s.containerId());
                row.put("workspaceType", s.pool().workspaceType());
                row.put("zone", s.pool().zone());
                out.println(json.writeValueAsString(row));
            }
        }
        boolean full = printStatus(services, out, chosen);
        if (!asJson) {
            out.println(staged.size() + " staged in " + ms + " ms; they stay staged for the next launches");
        }
        return full ? 0 : 1;
    }

    private boolean printStatus(Services services, PrintWriter out, Predicate<StagingPool> chosen) {
        boolean full = true;
        for (PoolStatus p : services.stagingPools().status()) {
            if (!chosen.test(new StagingPool(p.zone(), p.workspaceType(), p.desired(), Duration.ofHours(1)))) {
                continue;
            }
            full &= p.full();
            if (!asJson) {
                out.println(p.ready() + " of " + p.desired() + " staged (" + p.workspaceType()
                        + (p.zone() == null ? "" : " in " + p.zone()) + ")");
            }
        }
        return full;
    }
}
