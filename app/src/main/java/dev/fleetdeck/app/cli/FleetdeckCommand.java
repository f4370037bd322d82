package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.ConsoleOptions;
import dev.fleetdeck.app.GuiLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: with no subcommand it opens the console window. */
@Command(
        name = "fleetdeck",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Operations console for fleets of Docker hosts running workspace sessions.%n"
                + "Without a command, opens the console window.",
        subcommands = {
            AgentsCommand.class,
            SessionsCommand.class,
            LaunchCommand.class,
            DestroyCommand.class,
            OrphansCommand.class,
            RecordsCommand.class,
            AnalyzeCommand.class,
            CachesCommand.class,
            SizingCommand.class,
            DrainCommand.class,
            CordonCommand.class,
            EnableCommand.class,
            AuditCommand.class,
            RollingDrainCommand.class,
            CapacityCommand.class,
            ImagesCommand.class,
            PoolCommand.class,
            KeeperCommand.class,
            AlertsCommand.class,
            ConfigCommand.class
        },
        usageHelpAutoWidth = true)
public final class FleetdeckCommand implements Callable<Integer> {

    private final GlobalOptions global;
    private final GuiLauncher gui;

    @Spec
    CommandSpec spec;

    public FleetdeckCommand(GlobalOptions global, GuiLauncher gui) {
        this.global = global;
        this.gui = gui;
    }

    // INHERIT: accepted before or after any subcommand; picocli calls this same setter either way.
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Fleet configuration file (.yaml, .yml or .json). "
                    + "Default: $XDG_CONFIG_HOME/fleetdeck/fleet.yaml or ~/.config/fleetdeck/fleet.yaml.")
    void setConfig(Path file) {
        global.config(file);
    }

    @Option(
            names = "--demo",
            scope = ScopeType.INHERIT,
            description = "Use the simulated demo fleet (no Docker needed), labelled as such everywhere.")
    void setDemo(boolean demo) {
        global.demo(demo);
    }

    @Option(
            names = "--seed",
            paramLabel = "N",
            scope = ScopeType.INHERIT,
            description = "Seed of the demo fleet, for a run that repeats exactly (default: 42).")
    void setSeed(long seed) {
        global.seed(seed);
    }

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "More detail: a failure's raw cause, analyze's per-phase figures, and the log on stderr.")
    void setVerbose(boolean verbose) {
        global.verbose(verbose);
    }

    @Option(
            names = "--present",
            description = "Open in presentation mode: full screen, larger type, high contrast "
                    + "(F11 toggles, Escape leaves).")
    boolean present;

    @Option(
            names = "--tour",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "With --present: move to the next view every SECONDS (0 = no tour).")
    int tourSeconds;

    @Option(
            names = "--story",
            description = "With --demo: play the five-minute demo story, one caption per step "
                    + "(Space pauses, → next step, R restarts; the same story for one --seed).")
    boolean story;

    @Override
    public Integer call() {
        if (tourSeconds < 0) {
            throw new ParameterException(new CommandLine(this), "--tour must be 0 or more seconds, got " + tourSeconds);
        }
        ConsoleOptions o = global.console();
        if (story && !o.demo()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--story plays on the simulated demo fleet only: add --demo (fleetdeck --demo --story)");
        }
        boolean presenting = present || tourSeconds > 0;
        return gui.launch(new ConsoleOptions(
                o.config(),
                o.demo(),
                o.seed(),
                presenting,
                presenting ? Duration.ofSeconds(tourSeconds) : Duration.ZERO,
                story));
    }
}
