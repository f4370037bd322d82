package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.config.WorkspaceCatalog;
import dev.fleetdeck.startup.AnalysisOptions;
import dev.fleetdeck.startup.AnalysisReport;
import dev.fleetdeck.startup.ReportJson;
import dev.fleetdeck.startup.ReportText;
import dev.fleetdeck.startup.StartupAccumulator;
import dev.fleetdeck.startup.StartupAnalyzer;
import dev.fleetdeck.startup.StartupRecordReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The startup analyzer over the stored records, or over a file of them. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Startup performance: averages, percentiles, phase breakdown, bottlenecks, per-type figures, "
                + "alerts and recommendations, over the stored records or a JSON-lines file.")
public final class AnalyzeCommand implements Callable<Integer> {
    private final GlobalOptions global;
    private final ServicesOpener opener;

    @Spec
    CommandSpec spec;

    @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "Window: the last N days (default 7).")
    int days;

    @Option(names = "--type", paramLabel = "WORKSPACE", description = "Only this workspace type.")
    String type;


    @Option(names = "--export", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path export;

    @Option(names = "--input", paramLabel = "FILE", description = "Analyze this JSON-lines file instead of the store.")
    Path input;

    public AnalyzeCommand(GlobalOptions global, ServicesOpener opener) {
        this.global = global;
        this.opener = opener;
    }

    @Override
    public Integer call() throws Exception {
        CommandSupport.requireAtLeast(spec, "--days", days, 1);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path source = input != null ? input : opener.journal(global.console().demo());
        if (input != null && !Files.isReadable(input)) {
            throw new ParameterException(spec.commandLine(), "cannot read --input " + input + ": no such readable file");
        }
        AnalysisOptions options = AnalysisOptions.defaults().withDays(days).withType(type)
                .withCatalog(WorkspaceCatalog.builtIn());
        StartupAccumulator acc = new StartupAnalyzer(Clock.systemUTC()).accumulator(options);
        if (Files.exists(source)) {
            // On every core for a large file: a single call is a cold JVM, and one thread alone misses 3 s
            // at a million lines. Same report and problems, in line order, as reading on one thread.
            StartupRecordReader.ReadSummary read = new StartupRecordReader(StartupRecordReader.Detail.TIMINGS)
                    .read(source, acc, problem -> err.println(source.getFileName() + ":" + problem.lineNumber()
                            + ": skipped: " + problem.message()), StartupRecordReader.rangesFor(Files.size(source)));
            if (read.problems() > 0) {
                err.println("fleetdeck: " + read.problems() + " of " + read.lines() + " lines skipped");
            }
        }
        AnalysisReport report = acc.report();
        out.print(new ReportText().render(report, global.verbose()));
        out.flush();
        if (export != null) {
            new ReportJson().write(report, export);
            err.println("fleetdeck: report written to " + export);
        }
        return 0;
    }
}
