package dev.fleetdeck.app.cli;

import picocli.CommandLine.Command;

/** Groups the staging pool commands; on its own it only asks for one of them. */
@Command(
        name = "pool",
        mixinStandardHelpOptions = true,
        description = "Staging pools: ready sessions made ahead, which launches take instead of waiting.",
        subcommands = {PoolFillCommand.class, PoolStatusCommand.class},
        usageHelpAutoWidth = true)
public final class PoolCommand {}
