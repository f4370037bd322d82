package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.drain.AuditEntry;
import dev.fleetdeck.drain.AuditLog;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every console's actions on agents, oldest first: what the Drains page lists. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Print the audit log: every console's cordons, drains, stops, cancels and enables, oldest first.",
        footer = "%nWith redis: configured the log is the team's (one Redis stream, the newest "
                + "10000 entries); else this machine's journal in the data folder.",
        usageHelpAutoWidth = true)
public final class AuditCommand extends FleetCommand {
    private final ObjectMapper json;

    @Option(
            names = "--since",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "24h",
            description = "Entries of the last DURATION, e.g. 30m, 24h (default 24h).")
    Duration since;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "1000",
            description = "At most the newest N entries (default 1000).")
    int limit;

    @Option(names = "--json", description = "One JSON entry per line.")
    boolean asJson;

    public AuditCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    void check() {
        CommandSupport.requireAtLeast(spec, "--limit", limit, 1);
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        AuditLog log = services.drains().auditLog();
        List<AuditEntry> entries = log.since(Instant.now().minus(since), limit);
        for (AuditEntry e : entries) {
            out.println(asJson ? json(e) : line(e));
        }
        if (!asJson) {
            out.println(entries.size() + " entries in " + log.describe());
        }
        return 0;
    }

    private String json(AuditEntry e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String line(AuditEntry e) {
        return String.format(
                Locale.ROOT,
                "%s  %-28s %-13s %-12s %-11s %s",
                e.time(),
                e.operator(),
                e.action().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                e.agent() == null ? "-" : e.agent(),
                e.outcome(),
                e.detail() == null ? "" : e.detail());
    }
}
