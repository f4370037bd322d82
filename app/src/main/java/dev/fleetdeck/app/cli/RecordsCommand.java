package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.startup.StartupRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The stored startup records, as JSON lines the analyzer reads back with --input. */
@Command(name = "records", mixinStandardHelpOptions = true,
        description = "Print stored startup records, oldest first; --json prints JSON lines that "
                + "'fleetdeck analyze --input' reads.")
public final class RecordsCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "Records of the last N days (default 7).")
    int days;

    @Option(names = "--json", description = "One JSON record per line.")
    boolean asJson;

    public RecordsCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    void check() {
        CommandSupport.requireAtLeast(spec, "--days", days, 1);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        int[] n = {0};
        services.startupStore().forEachSince(Instant.now().minus(Duration.ofDays(days)), r -> {
            n[0]++;
            try {
                out.println(asJson ? json.writeValueAsString(r) : line(r));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!asJson) {
            out.println(n[0] + " records in " + services.startupStore().describe());
        }
        return 0;
    }

    private static String line(StartupRecord r) {
        StartupRecord.Performance p = r.performance();
        return String.format(Locale.ROOT, "%s  %s  %-7s %-8s %-10s %-12s %7d ms", p.provisioningStartedAt(), r.sessionId(),
                r.outcome().json(), r.workspaceType(), r.user(), r.agent() == null ? "-" : r.agent(), p.totalStartupTimeMs())
                + (r.staged() ? "  staged" : "");
    }
}
