package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.drain.AtDeadline;
import dev.fleetdeck.drain.Drain;
import dev.fleetdeck.drain.DrainOptions;
import dev.fleetdeck.drain.DrainPhase;
import dev.fleetdeck.drain.DrainPreview;
import dev.fleetdeck.drain.DrainProgress;
import dev.fleetdeck.drain.DrainRecord;
import dev.fleetdeck.drain.DrainTasks;
import dev.fleetdeck.progress.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Drains one agent and waits until it is drained, printing progress. */
@Command(
        name = "drain",
        mixinStandardHelpOptions = true,
        description = "Cordon an agent and wait for its sessions to end: ready for maintenance.",
        footer = "%nThe zone must keep N+2 headroom without the agent (see --dry-run), unless --force."
                + "%nExit 0 when drained; 1 when refused or failed. Refused at once, in one line naming its console and"
                + "%nsince when, while another console's drain holds the agent. Interrupted, the drain is resumed by the"
                + "%nnext console once its lease (30s, FLEETDECK_DRAIN_LEASE) expires."
                + "%nA drained agent stays out of placement until: fleetdeck enable AGENT",
        usageHelpAutoWidth = true)
public final class DrainCommand extends FleetCommand {

    private final ObjectMapper json;

    @Parameters(index = "0", paramLabel = "AGENT", description = "The agent to drain.")
    String agent;

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            converter = DeadlineConverter.class,
            defaultValue = "none",
            description = "How long sessions may keep running, e.g. 30m; none = wait forever (default).")
    Duration deadline;

    @Option(
            names = "--at-deadline",
            paramLabel = "stop|wait",
            defaultValue = "wait",
            description = "At the deadline: stop the remaining sessions, or wait and warn (default).")
    AtDeadline atDeadline;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30s",
            description = "With --at-deadline stop: SIGTERM, then SIGKILL after this (default 30s).")
    Duration grace;

    @Option(
            names = "--hook",
            paramLabel = "CMD",
            split = " ",
            description = "Maintenance command run once drained (no shell; FLEETDECK_AGENT is set).")
    List<String> hook;

    @Option(
            names = "--hook-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30m",
            description = "The hook is killed after this (default 30m).")
    Duration hookTimeout;

    @Option(names = "--force", description = "Drain even when the zone loses its N+2 headroom.")
    boolean force;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why, shown with the agent's state in every console (one line, at most 200 characters).")
    String reason;

    @Mixin
    NoticeOptions notices = new NoticeOptions();

    @Option(names = "--dry-run", description = "Print the preview only; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the preview and each progress as JSON lines.")
    boolean asJson;

    public DrainCommand(GlobalOptions global, ServicesOpener opener, ObjectMapper json) {
        super(global, opener);
        this.json = json;
    }

    @Override
    void check() {
        reason = CommandSupport.requireReason(spec, reason);
        notices.applyTo(spec, DrainOptions.waitForever()); // a bad --message is refused before anything is opened
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        CommandSupport.requireAgent(spec, services, agent);
        services.fleet().refreshAll();
        services.drains().resumeAll();
        if (!dryRun) {
            services.drains().refuseIfDrainedElsewhere(agent);
        }
        DrainPreview preview = services.drains().preview(agent);
        print(out, preview, preview.lines());
        if (dryRun) {
            return 0;
        }
        // On a terminal, sessions ended of those the drain has, with rate and time left, below its lines.
        Progress progress =
                new Progress("drain " + agent, "sessions", preview.sessions().size(), System::nanoTime);
        try (ProgressLine bar = ProgressLine.of(progress, asJson)) {
            Consumer<DrainProgress> printer = new Consumer<>() {
                private String last;

                @Override
                public void accept(DrainProgress p) {
                    if (!p.agent().equals(agent)) {
                        return;
                    }
                    DrainTasks.follow(progress, p);
                    String line = p.line();
                    if (!line.equals(last)) {
                        last = line;
                        if (asJson) {
                            print(out, p, List.of(line));
                        } else {
                            bar.above(out, line);
                        }
                    }
                }
            };
            services.drains().addListener(printer);
            Optional<Drain> resumed = services.drains().running(agent);
            Drain drain;
            if (resumed.isPresent()) {
                // Its console died and its lease expired: this command carries that drain on, as it was started.
                drain = resumed.get();
                bar.above(
                        out,
                        agent + ": resuming its drain started at "
                                + drain.record().startedAt() + " (its console ended; its options stand)");
            } else {
                DrainOptions options = DrainOptions.waitForever()
                        .withDeadline(deadline, atDeadline)
                        .withGrace(grace)
                        .withForce(force)
                        .withHook(hook == null ? List.of() : hook, hookTimeout, false);
                options = notices.applyTo(spec, options);
                drain = services.drains().drain(agent, options, reason);
            }
            DrainRecord done = drain.finished().get();
            return done.phase() == DrainPhase.DRAINED || done.phase() == DrainPhase.ENABLED ? 0 : ErrorReporter.FAILED;
        }
    }

    private void print(PrintWriter out, Object value, List<String> lines) {
        if (asJson) {
            try {
                out.println(json.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            lines.forEach(out::println);
        }
        out.flush();
    }
}
