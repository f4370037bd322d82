package dev.fleetdeck.app.cli;

import dev.fleetdeck.app.Services;
import dev.fleetdeck.fleet.AdminEntry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one-line refusals of option values that several commands share. A ParameterException here is
 * a usage error (exit 2, with the help hint), the same as one picocli raises itself.
 */
final class CommandSupport {
    private CommandSupport() {}

    static void requireBetween(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(
                    spec.commandLine(), option + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    static void requireAtLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be " + min + " or more, got " + value);
        }
    }

    /** Refuses an empty reason or one longer than {@link AdminEntry#MAX_REASON}; none at all is fine. */
    static String requireReason(CommandSpec spec, String reason) {
        if (reason == null) {
            return null;
        }
        if (reason.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason is empty: say why, or leave --reason out");
        }
        String r = reason.strip();
        if (r.length() > AdminEntry.MAX_REASON || r.contains("\n")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--reason must be one line of at most " + AdminEntry.MAX_REASON + " characters, got " + r.length());
        }
        return r;
    }

    /** Refuses an agent the configuration does not have, listing those it has. */
    static void requireAgent(CommandSpec spec, Services services, String agent) {
        if (services.fleet().agent(agent) == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no agent named '" + agent + "' in this fleet; agents: "
                            + String.join(
                                    ", ",
                                    services.config().agents().stream()
                                            .map(a -> a.name())
                                            .toList()));
        }
    }

    /** Refuses a workspace type the configuration does not have, listing those it has. */
    static void requireWorkspace(CommandSpec spec, Services services, String type) {
        if (services.config().workspace(type).isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown workspace type '" + type + "'; known: "
                            + String.join(
                                    ", ",
                                    services.workspaces().stream()
                                            .map(w -> w.name())
                                            .toList()));
        }
    }
}
