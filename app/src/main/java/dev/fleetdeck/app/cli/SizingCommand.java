package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.fleet.FleetSnapshot;
import dev.fleetdeck.sizing.AgentAdvice;
import dev.fleetdeck.sizing.SizingRefusal;
import dev.fleetdeck.sizing.SizingReport;
import dev.fleetdeck.sizing.SizingText;
import dev.fleetdeck.sizing.TypeAdvice;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which overrides each agent can afford, from its RAM and CPU over days. */
@Command(
        name = "sizing",
        mixinStandardHelpOptions = true,
        description = "Recommended cpuOverride and ramOverride per agent, from the hosts' RAM and CPU over days.",
        footer = {
            "%nHost figures come from Prometheus (node-exporter) when metrics.prometheus is configured and the"
                    + " agent names a nodeExporter, else from what this machine's consoles and keeper recorded while they"
                    + " ran. The sessions' figures always come from the latter. Agents whose RAM reached ramWarnPercent"
                    + " are listed first, with a warning instead of a bigger override.",
            "%nExit codes: 0 advice printed; 1 refused: less than a day of history in the window (not bad input:"
                    + " the same command succeeds once the history is there); 2 bad input."
        },
        usageHelpAutoWidth = true)
public final class SizingCommand extends FleetCommand {
    /** The local store keeps 30 days; Prometheus's retention is its own, 30 days is the common default. */
    static final int MAX_DAYS = 30;

    private final GlobalOptions global;
    private final ObjectMapper json;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Window: the last N days, 1 to 30 (default 7).")
    int days;

    @Option(
            names = "--json",
            description = "Print the report as JSON: {\"windowDays\",\"source\",\"observedHours\","
                    + "\"agents\":[{\"agent\",\"nearFull\",\"warning\",\"ramPeakPercent\",\"ramP95Percent\",\"ramOverrideBytes\","
                    + "\"cpuOverride\",\"types\":[{\"type\",\"moreSessions\",...}],...}],\"method\",\"notes\"}.")
    boolean asJson;

    public SizingCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.global = global;
        this.json = json;
    }

    @Override
    void check() {
        if (days < 1 || days > MAX_DAYS) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--days must be between 1 and " + MAX_DAYS + ", got " + days + " (the history keeps 30 days)");
        }
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        // The demo's month is made from its seed; it must be in the store before it is read.
        services.prefillDemoHistory(global.console().seed()).join();
        FleetSnapshot fleet = services.fleet().refreshAll();
        SizingReport report;
        try {
            report = services.sizing().advise(Duration.ofDays(days), fleet);
        } catch (SizingRefusal e) {
            err().println("fleetdeck: sizing refused: " + e.getMessage());
            return 1;
        }
        if (asJson) {
            out.println(json.writeValueAsString(asMap(report)));
        } else {
            SizingText.lines(report).forEach(out::println);
        }
        return 0;
    }

    static Map<String, Object> asMap(SizingReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowDays", r.window().toDays());
        m.put("source", r.source());
        m.put("observedHours", r.observed().toMinutes() / 60.0);
        m.put("ramWarnPercent", r.ramWarnPercent());
        List<Map<String, Object>> agents = new ArrayList<>();
        for (AgentAdvice a : r.agents()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("agent", a.agent());
            x.put("nearFull", a.nearFull());
            x.put("warning", a.warning());
            x.put("hostFigures", a.hostFigures());
            x.put("ramPeakPercent", number(a.ramPeakPercent()));
            x.put("ramP95Percent", number(a.ramP95Percent()));
            x.put("cpuPeakPercent", number(a.cpuPeakPercent()));
            x.put("cpuP95Percent", number(a.cpuP95Percent()));
            x.put("peakSessions", a.peakSessions() < 0 ? null : a.peakSessions());
            x.put("ramTotalBytes", a.ramTotalBytes());
            x.put("cpus", a.cpus());
            x.put("currentRamOverrideBytes", a.currentRamOverride());
            x.put("currentCpuOverride", a.currentCpuOverride());
            x.put("ramOverrideBytes", a.ramOverride() == 0 ? null : a.ramOverride());
            x.put("cpuOverride", a.cpuOverride() == 0 ? null : a.cpuOverride());
            List<Map<String, Object>> types = new ArrayList<>();
            for (TypeAdvice t : a.types()) {
                Map<String, Object> y = new LinkedHashMap<>();
                y.put("type", t.type());
                y.put("observed", t.observed());
                y.put("ramPerSessionBytes", t.ramPerSession());
                y.put("cpuPerSession", t.cpuPerSession());
                y.put("sessionsToday", t.sessionsToday());
                y.put("moreSessions", t.moreSessions());
                types.add(y);
            }
            x.put("types", types);
            agents.add(x);
        }
        m.put("agents", agents);
        m.put("method", r.method());
        m.put("notes", r.notes());
        return m;
    }

    /** JSON has no NaN: an unknown figure is null. */
    private static Double number(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
    }
}
