package dev.fleetdeck.app.cli;

import picocli.CommandLine.Command;

/** Groups the configuration commands; on its own it only asks for one of them. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description =
                "Check the fleet configuration, show where it is looked for, or add the Docker CLI's contexts to it.",
        subcommands = {ConfigCheckCommand.class, ConfigPathCommand.class, ImportContextsCommand.class},
        usageHelpAutoWidth = true)
public final class ConfigCommand {}
