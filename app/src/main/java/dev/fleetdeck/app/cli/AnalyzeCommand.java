package dev.fleetdeck.app.cli;

import dev.fleetdeck.analytics.StartupAnalytics;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.ReportJson;
import dev.fleetdeck.startup.ReportText;
import dev.fleetdeck.startup.StartupAnalysis;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.startup.TrendCsv;
import dev.fleetdeck.startup.TrendUnit;
import dev.fleetdeck.startup.digest.DigestFolder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The startup analyzer over the configured store (what the Analyzer page shows), or over a file of
 * records. Both go through {@link StartupAnalytics}.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Startup performance: averages, percentiles, phase breakdown, bottlenecks, per-type figures, "
                + "trends, alerts and recommendations, over the stored records (Redis when configured and up, "
                + "else the local journal) or a JSON-lines file.")
public final class AnalyzeCommand implements Callable<Integer> {
    private final GlobalOptions global;
    private final ServicesOpener opener;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Window: the last N days (default 7).")
    int days;

    @Option(names = "--type", paramLabel = "WORKSPACE", description = "Only this workspace type.")
    String type;

    @Option(names = "--agent", paramLabel = "AGENT", description = "Only launches placed on this agent.")
    String agent;

    @Option(names = "--by", paramLabel = "UNIT", description = "Add a trend per UTC day or hour: day, hour.")
    String by;

    @Option(names = "--export", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path export;

    @Option(
            names = "--csv",
            paramLabel = "FILE",
            description = "Also write the trend's rows (needs --by) as CSV to FILE.")
    Path csv;

    @Option(names = "--input", paramLabel = "FILE", description = "Analyze this JSON-lines file instead of the store.")
    Path input;

    public AnalyzeCommand(GlobalOptions global, ServicesOpener opener) {
        this.global = global;
        this.opener = opener;
    }

    @Override
    public Integer call() throws Exception {
        CommandSupport.requireAtLeast(spec, "--days", days, 1);
        TrendUnit unit = null;
        if (by != null) {
            try {
                unit = TrendUnit.parse(by);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--by: " + e.getMessage());
            }
        }
        if (csv != null && unit == null) {
            throw new ParameterException(spec.commandLine(), "--csv writes the trend: add --by day or --by hour");
        }
        if (input != null && !Files.isReadable(input)) {
            throw new ParameterException(
                    spec.commandLine(), "cannot read --input " + input + ": no such readable file");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StartupAnalytics.Query query = new StartupAnalytics.Query(days, type, agent, unit);
        long[] skipped = {0};
        Consumer<RecordProblem> problems = p -> {
            skipped[0]++;
            err.println(p);
        };
        StartupAnalysis analysis;
        String source;
        if (input != null) {
            // No fleet opened: a file needs only the configured catalog's targets.
            StartupAnalytics analytics = new StartupAnalytics(
                    opener.catalog(global.console()),
                    Clock.systemUTC(),
                    new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS));
            // The file's digest lives in the data folder's cache, never beside the user's file.
            analysis = analytics.analyzeFile(
                    input, DigestFolder.in(opener.dataDir()).digestFor(input), query, problems);
            source = input.toString();
        } else {
            try (Services services = opener.open(global.console(), p -> err.println("fleetdeck: " + p))) {
                analysis = services.startupAnalytics().analyze(services.startupStore(), query, problems);
                source = services.startupStore().describe();
            }
        }
        if (skipped[0] > 0) {
            err.println("fleetdeck: " + skipped[0] + " unreadable records skipped in " + source);
        }
        if (query.agent() != null && analysis.report().count() == 0) {
            err.println("fleetdeck: no launches on agent '" + query.agent() + "' in the last " + days + " day"
                    + (days == 1 ? "" : "s") + (query.type() == null ? "" : " of type " + query.type()) + " in "
                    + source + " (agent names are as 'fleetdeck records' prints them)");
            return 2;
        }
        // --verbose is the global option now: more detail here, more log lines everywhere.
        out.print(new ReportText().render(analysis, global.verbose()));
        out.flush();
        if (export != null) {
            new ReportJson().write(analysis, export);
            err.println("fleetdeck: report written to " + export);
        }
        if (csv != null) {
            new TrendCsv().write(analysis.trend(), csv);
            err.println("fleetdeck: trend written to " + csv);
        }
        return 0;
    }
}
