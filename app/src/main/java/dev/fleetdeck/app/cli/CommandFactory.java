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
        this.commands = Map.of(
                FleetdeckCommand.class, () -> new FleetdeckCommand(global, wiring.guiLauncher()),
                CapacityCommand.class, () -> new CapacityCommand(wiring.json()),
                ConfigCommand.class, ConfigCommand::new,
                ConfigCheckCommand.class, () -> new ConfigCheckCommand(global, wiring.configLocator(), wiring.configLoader()),
                ConfigPathCommand.class, () -> new ConfigPathCommand(global, wiring.configLocator()),
                DrainCommand.class, () -> new DrainCommand(global, wiring.services(), wiring.json()),
                CordonCommand.class, () -> new CordonCommand(global, wiring.services()),
                EnableCommand.class, () -> new EnableCommand(global, wiring.services()),
                RollingDrainCommand.class, () -> new RollingDrainCommand(global, wiring.services()));
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Supplier<Object> command = commands.get(type);
        // picocli's own parts (converters, version provider, help) need no wiring
        return command != null ? type.cast(command.get()) : fallback.create(type);
    }
}
