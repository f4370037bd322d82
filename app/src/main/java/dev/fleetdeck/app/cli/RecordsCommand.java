package dev.fleetdeck.app.cli;

import dev.fleetdeck.analytics.LaunchSearch;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.startup.LaunchQuery;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.startup.TimelineText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The stored startup records, as JSON lines the analyzer reads back with --input. */
@Command(
        name = "records",
        mixinStandardHelpOptions = true,
        description = "Print stored startup records, oldest first; --json prints JSON lines that "
                + "'fleetdeck analyze --input' reads.")
public final class RecordsCommand extends FleetCommand {
    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Records of the last N days (default 7).")
    int days;

    @Option(names = "--json", description = "One JSON record per line.")
    boolean asJson;

    @Option(
            names = "--session",
            paramLabel = "ID",
            description = "Only this session's launch, as a timeline "
                    + "(phases, attempts, status checks); searched over every stored day.")
    String session;

    public RecordsCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    void check() {
        CommandSupport.requireAtLeast(spec, "--days", days, 1);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        StartupRecordCodec codec = new StartupRecordCodec();
        if (session != null) {
            // The same search as the Launches page, over every stored day; the exact id, not a part of it.
            LaunchSearch.Found found = new LaunchSearch()
                    .find(
                            services.startupStore(),
                            new LaunchQuery(session, null, null, null, null, null, null, 0),
                            Integer.MAX_VALUE,
                            p -> err().println(p));
            List<StartupRecord> exact = found.launches().stream()
                    .filter(r -> session.equals(r.sessionId()))
                    .toList();
            exact.forEach(r -> out.println(asJson ? codec.encode(r) : new TimelineText().render(r)));
            services.startupStore().caveat().ifPresent(c -> err().println("fleetdeck: " + c));
            if (exact.isEmpty()) {
                err().println("fleetdeck: no launch of session '" + session + "' in "
                        + services.startupStore().describe());
                return 1;
            }
            return 0;
        }
        int[] n = {0};
        services.startupStore()
                .forEachSince(
                        Instant.now().minus(Duration.ofDays(days)),
                        r -> {
                            n[0]++;
                            out.println(asJson ? codec.encode(r) : line(r));
                        },
                        p -> err().println(p));
        if (!asJson) {
            out.println(n[0] + " records in " + services.startupStore().describe());
        }
        services.startupStore().caveat().ifPresent(c -> err().println("fleetdeck: " + c));
        return 0;
    }

    private static String line(StartupRecord r) {
        StartupRecord.Performance p = r.performance();
        return String.format(
                        Locale.ROOT,
                        "%s  %s  %-7s %-8s %-10s %-12s %7d ms",
                        p.provisioningStartedAt(),
                        r.sessionId(),
                        r.outcome().json(),
                        r.workspaceType(),
                        r.user(),
                        r.agent() == null ? "-" : r.agent(),
                        p.totalStartupTimeMs())
                + (r.staged() ? "  staged" : "");
    }
}
