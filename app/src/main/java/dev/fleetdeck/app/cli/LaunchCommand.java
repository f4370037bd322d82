package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.launch.BulkLaunch;
import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.startup.StartupRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Launches sessions through the timed pipeline and prints each one's outcome and phases. */
@Command(
        name = "launch",
        mixinStandardHelpOptions = true,
        description = "Launch sessions: quota check, placement, create + start, readiness; prints each session's "
                + "id, agent, container, outcome and phase durations. Exit 0 when every session is ready.")
public final class LaunchCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(names = "--type", required = true, paramLabel = "WORKSPACE", description = "Workspace type, e.g. firefox.")
    String type;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "Who the sessions are for.")
    String user;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many sessions (default 1).")
    int count;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "8",
            description = "Launches in flight at once (default 8).")
    int parallel;

    @Mixin
    LaunchScope scope = new LaunchScope();

    @Option(names = "--json", description = "Print one JSON startup record per line.")
    boolean asJson;

    public LaunchCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    void check() {
        CommandSupport.requireBetween(spec, "--count", count, 1, 1000);
        CommandSupport.requireBetween(spec, "--parallel", parallel, 1, 100);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        PrintWriter err = err();
        CommandSupport.requireWorkspace(spec, services, type);
        services.fleet().refreshAll();
        BulkLaunch.Handle launches = services.bulkLaunch()
                .launch(new LaunchRequest(type, user, scope.zone, scope.env), count, parallel, null, r -> {});
        List<BulkLaunch.Result> results;
        try (AutoCloseable line = ProgressLine.of(launches.progress(), asJson)) {
            results = launches.results().get();
        }
        int ready = 0;
        for (BulkLaunch.Result r : results) {
            if (r.record() == null) {
                err.println("fleetdeck: refused: " + r.refusal());
                continue;
            }
            ready += r.ready() ? 1 : 0;
            out.println(asJson ? json.writeValueAsString(r.record()) : line(r.record()));
        }
        if (!asJson) {
            out.println(ready + " of " + count + " sessions ready");
        }
        return ready == count ? 0 : 1;
    }

    private static String line(StartupRecord r) {
        StartupRecord.Performance p = r.performance();
        String head = String.format(
                Locale.ROOT,
                "%s %-7s %-8s agent=%s container=%s",
                r.sessionId(),
                r.outcome().json(),
                r.workspaceType(),
                r.agent() == null ? "-" : r.agent(),
                r.containerId() == null
                        ? "-"
                        : r.containerId()
                                .substring(0, Math.min(12, r.containerId().length())));
        String phases = String.format(
                Locale.ROOT,
                " quota=%dms placement=%dms create=%dms ready=%dms total=%dms checks=%d (%s)",
                p.quotaCheckDurationMs(),
                p.placementDurationMs(),
                p.sessionCreateDurationMs(),
                p.monitoringDurationMs(),
                p.totalStartupTimeMs(),
                p.statusCheckAttempts(),
                p.readinessSource());
        return head + phases + (r.error() == null ? "" : "\n  " + r.error().replace("\n", "\n  "));
    }
}
