package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.ServicesOpener;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.drain.AtDeadline;
import dev.fleetdeck.drain.DrainOptions;
import dev.fleetdeck.drain.DrainPhase;
import dev.fleetdeck.drain.DrainProgress;
import dev.fleetdeck.drain.RollingDrain;
import dev.fleetdeck.progress.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Drains, maintains and re-enables every agent of a zone in turn. */
@Command(
        name = "rolling-drain",
        mixinStandardHelpOptions = true,
        description = "Drain every agent of a zone in turn: drain, run the hook, enable, wait until healthy, next.",
        footer = "%nStops at the first failure; that agent stays cordoned. Exit 0 when every agent was done.",
        usageHelpAutoWidth = true)
public final class RollingDrainCommand extends FleetCommand {

    @Option(names = "--zone", required = true, paramLabel = "ZONE", description = "The zone whose agents to rotate.")
    String zone;

    @Option(
            names = "--max-unavailable",
            paramLabel = "N",
            defaultValue = "1",
            description = "Agents out of rotation at once (default 1).")
    int maxUnavailable;

    @Option(
            names = "--hook",
            paramLabel = "CMD",
            split = " ",
            description = "Maintenance command run on each drained agent (no shell; FLEETDECK_AGENT is set).")
    List<String> hook;

    @Option(
            names = "--hook-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30m",
            description = "The hook is killed after this (default 30m).")
    Duration hookTimeout;

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            converter = DeadlineConverter.class,
            defaultValue = "none",
            description = "Per agent: how long sessions may keep running; none = forever (default).")
    Duration deadline;

    @Option(
            names = "--at-deadline",
            paramLabel = "stop|wait",
            defaultValue = "wait",
            description = "At the deadline: stop the remaining sessions, or wait and warn (default).")
    AtDeadline atDeadline;

    @Option(names = "--force", description = "Drain even when the zone loses its N+2 headroom.")
    boolean force;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why, shown with the agent's state in every console (one line, at most 200 characters).")
    String reason;

    @Mixin
    NoticeOptions notices = new NoticeOptions();

    public RollingDrainCommand(GlobalOptions global, ServicesOpener opener) {
        super(global, opener);
    }

    @Override
    void check() {
        CommandSupport.requireAtLeast(spec, "--max-unavailable", maxUnavailable, 1);
        reason = CommandSupport.requireReason(spec, reason);
        notices.applyTo(spec, DrainOptions.waitForever()); // a bad --message is refused before anything is opened
    }

    @Override
    int run(Services services, PrintWriter out) throws Exception {
        List<String> agents = services.config().agents().stream()
                .filter(a -> a.zone().equals(zone))
                .map(AgentConfig::name)
                .toList();
        if (agents.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no agents in zone '" + zone + "'; zones: " + String.join(", ", services.zones()));
        }
        services.fleet().refreshAll();
        services.drains().resumeAll();
        DrainOptions options = DrainOptions.waitForever()
                .withDeadline(deadline, atDeadline)
                .withForce(force)
                .withHook(hook == null ? List.of() : hook, hookTimeout, false);
        options = notices.applyTo(spec, options);
        // On a terminal: the zone's agents done (drained, or failed) of all, rate and time left; the
        // drain's own lines above it say which agent is at which step.
        Progress progress = new Progress("rolling drain " + zone, "agents", agents.size(), System::nanoTime);
        Set<String> done = ConcurrentHashMap.newKeySet();
        RollingDrain.Result result;
        try (ProgressLine bar = ProgressLine.of(progress, false)) {
            Consumer<DrainProgress> counter = p -> {
                if (agents.contains(p.agent()) && p.settled() && p.phase() != DrainPhase.CORDONED) {
                    done.add(p.agent());
                    progress.doneSoFar(done.size());
                }
            };
            services.drains().addListener(counter);
            RollingDrain rolling = new RollingDrain(
                    services.drains(),
                    services.fleet(),
                    agents,
                    maxUnavailable,
                    options,
                    reason,
                    Duration.ofMinutes(5),
                    services.launchPool(),
                    line -> bar.above(out, line));
            result = rolling.run();
            services.drains().removeListener(counter);
            progress.finish();
        }
        if (result.completed()) {
            out.println("zone " + zone + ": all " + agents.size() + " agent(s) drained, maintained and enabled");
            return 0;
        }
        out.println("zone " + zone + ": stopped — " + result.stoppedBecause()
                + (result.untouched().isEmpty() ? "" : "; not started: " + String.join(", ", result.untouched())));
        return ErrorReporter.FAILED;
    }
}
