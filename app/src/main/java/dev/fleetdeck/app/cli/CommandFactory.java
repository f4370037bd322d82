package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Wiring;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Builds the commands from the wiring by constructor, as picocli asks for each class. A new
 * command is its class plus one line here and one entry in its parent's {@code subcommands}.
 */
public final class CommandFactory implements IFactory {

    private final Map<Class<?>, Supplier<Object>> commands;
    private final IFactory fallback = CommandLine.defaultFactory();

    public CommandFactory(Wiring wiring, GlobalOptions global) {
        this.commands = Map.ofEntries(
                Map.entry(FleetdeckCommand.class, () -> new FleetdeckCommand(global, wiring.guiLauncher())),
                Map.entry(CapacityCommand.class, () -> new CapacityCommand(wiring.json())),
                Map.entry(AgentsCommand.class, () -> new AgentsCommand(global, wiring.services(), wiring.json())),
                Map.entry(SessionsCommand.class, () -> new SessionsCommand(global, wiring.services(), wiring.json())),
                Map.entry(LaunchCommand.class, () -> new LaunchCommand(global, wiring.services(), wiring.json())),
                Map.entry(DestroyCommand.class, () -> new DestroyCommand(global, wiring.services())),
                Map.entry(OrphansCommand.class, () -> new OrphansCommand(global, wiring.services())),
                Map.entry(RecordsCommand.class, () -> new RecordsCommand(global, wiring.services())),
                Map.entry(AnalyzeCommand.class, () -> new AnalyzeCommand(global, wiring.services())),
                Map.entry(CachesCommand.class, () -> new CachesCommand(global, wiring.services(), wiring.json())),
                Map.entry(SizingCommand.class, () -> new SizingCommand(global, wiring.services(), wiring.json())),
                Map.entry(DrainCommand.class, () -> new DrainCommand(global, wiring.services(), wiring.json())),
                Map.entry(CordonCommand.class, () -> new CordonCommand(global, wiring.services())),
                Map.entry(EnableCommand.class, () -> new EnableCommand(global, wiring.services())),
                Map.entry(AuditCommand.class, () -> new AuditCommand(global, wiring.services(), wiring.json())),
                Map.entry(RollingDrainCommand.class, () -> new RollingDrainCommand(global, wiring.services())),
                Map.entry(ImagesCommand.class, () -> new ImagesCommand(global, wiring.services(), wiring.json())),
                Map.entry(ImagesCopyCommand.class, () -> new ImagesCopyCommand(global, wiring.services())),
                Map.entry(
                        ImagesDistributeCommand.class,
                        () -> new ImagesDistributeCommand(global, wiring.services(), wiring.json())),
                Map.entry(PoolCommand.class, PoolCommand::new),
                Map.entry(AlertsCommand.class, () -> new AlertsCommand(global, wiring.services(), wiring.json())),
                Map.entry(PoolFillCommand.class, () -> new PoolFillCommand(global, wiring.services(), wiring.json())),
                Map.entry(
                        PoolStatusCommand.class, () -> new PoolStatusCommand(global, wiring.services(), wiring.json())),
                Map.entry(KeeperCommand.class, () -> new KeeperCommand(global, wiring.services())),
                Map.entry(ConfigCommand.class, ConfigCommand::new),
                Map.entry(
                        ConfigCheckCommand.class,
                        () -> new ConfigCheckCommand(global, wiring.configLocator(), wiring.configLoader())),
                Map.entry(ConfigPathCommand.class, () -> new ConfigPathCommand(global, wiring.configLocator())),
                Map.entry(
                        ImportContextsCommand.class,
                        () -> new ImportContextsCommand(
                                global, wiring.configLocator(), wiring.configLoader(), wiring.dockerContexts())));
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Supplier<Object> command = commands.get(type);
        // picocli's own parts (converters, version provider, help) need no wiring
        return command != null ? type.cast(command.get()) : fallback.create(type);
    }
}
