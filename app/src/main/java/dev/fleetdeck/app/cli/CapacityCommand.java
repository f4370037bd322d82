package dev.fleetdeck.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.ByteSize;
import dev.fleetdeck.fleet.Capacity;
import dev.fleetdeck.fleet.CapacityResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The sizing guide's sessions-per-agent calculation, without a fleet. */
@Command(
        name = "capacity",
        mixinStandardHelpOptions = true,
        description = "How many sessions of one workspace an agent can take.",
        footer = "%nAs the sizing guide counts: min(cpus / workspace cpus, ram / workspace ram),"
                + " where an override (> 0) replaces the agent's real CPUs or RAM. A tie is reported as cpu.",
        usageHelpAutoWidth = true)
public final class CapacityCommand implements Callable<Integer> {

    private final ObjectMapper json;

    @Spec
    CommandSpec spec;

    @Option(names = "--agent-cpus", required = true, paramLabel = "N", description = "CPUs the agent has.")
    int agentCpus;

    @Option(
            names = "--agent-ram",
            required = true,
            paramLabel = "SIZE",
            converter = ByteSizeConverter.class,
            description = "RAM the agent has, e.g. 64g.")
    ByteSize agentRam;

    @Option(
            names = "--workspace-cpus",
            required = true,
            paramLabel = "N",
            description = "Cores one session reserves, e.g. 2 or 0.5.")
    double workspaceCpus;

    @Option(
            names = "--workspace-ram",
            required = true,
            paramLabel = "SIZE",
            converter = ByteSizeConverter.class,
            description = "RAM one session reserves, e.g. 4g.")
    ByteSize workspaceRam;

    @Option(
            names = "--cpu-override",
            paramLabel = "N",
            defaultValue = "0",
            description = "Cores to count instead of the real ones (oversubscription); 0 = none.")
    double cpuOverride;

    @Option(
            names = "--ram-override",
            paramLabel = "SIZE",
            converter = ByteSizeConverter.class,
            defaultValue = "0",
            description = "RAM to count instead of the real amount, e.g. 80g; 0 = none.")
    ByteSize ramOverride;

    @Option(names = "--json", description = "Print {\"sessions\":N,\"limitedBy\":\"cpu\"|\"ram\"}.")
    boolean asJson;

    public CapacityCommand(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Integer call() throws Exception {
        requireThat(agentCpus >= 0, "--agent-cpus must be 0 or more, got " + agentCpus);
        requireThat(workspaceCpus >= 0.001, "--workspace-cpus must be at least 0.001, got " + workspaceCpus);
        requireThat(workspaceRam.bytes() > 0, "--workspace-ram must be above 0");
        requireThat(cpuOverride >= 0, "--cpu-override must be 0 (none) or more, got " + cpuOverride);
        requireThat(
                Double.isFinite(workspaceCpus) && Double.isFinite(cpuOverride), "core counts must be plain numbers");

        CapacityResult result = Capacity.of(agentCpus, agentRam.bytes(), cpuOverride, ramOverride.bytes())
                .sessionsFor(workspaceCpus, workspaceRam.bytes());
        if (asJson) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sessions", result.sessions());
            out.put("limitedBy", result.limitedBy());
            spec.commandLine().getOut().println(json.writeValueAsString(out));
        } else {
            spec.commandLine()
                    .getOut()
                    .println(result.sessions() + " sessions per agent (limited by " + result.limitedBy() + ")");
        }
        return 0;
    }

    private void requireThat(boolean condition, String problem) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }
}
