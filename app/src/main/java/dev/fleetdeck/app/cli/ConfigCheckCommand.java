package dev.fleetdeck.app.cli;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.ByteSize;
import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.config.ConfigLoader;
import dev.fleetdeck.config.ConfigLocator;
import dev.fleetdeck.config.ConfigLocator.ConfigLocation;
import dev.fleetdeck.config.DurationText;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.MetricsConfig;
import dev.fleetdeck.config.RedisConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisPersistence;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Loads the configuration and prints what the console would use, or the one thing wrong with it. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Load the configuration and print a summary, or say what is wrong and where.%n"
                + "Exit 0 when usable, 2 when not.")
public final class ConfigCheckCommand implements Callable<Integer> {

    private final GlobalOptions global;
    private final ConfigLocator locator;
    private final ConfigLoader loader;

    @Spec
    CommandSpec spec;

    public ConfigCheckCommand(GlobalOptions global, ConfigLocator locator, ConfigLoader loader) {
        this.global = global;
        this.locator = locator;
        this.loader = loader;
    }

    @Override
    public Integer call() throws ConfigException {
        ConfigLocation location = locator.locate(global.config().orElse(null));
        PrintWriter out = spec.commandLine().getOut();
        if (!location.shouldLoad()) {
            out.println("No configuration file at " + location.path()
                    + "; the console would start with its embedded default.");
            return 0;
        }
        print(loader.load(location.path()), out);
        return 0;
    }

    private static void print(FleetConfig config, PrintWriter out) {
        out.println(config.source().map(Object::toString).orElse("embedded default") + ": OK");
        long enabled = config.agents().stream().filter(AgentConfig::enabled).count();
        String zones = config.agents().stream()
                .map(AgentConfig::zone)
                .distinct()
                .sorted()
                .collect(Collectors.joining(", "));
        out.println("agents: " + config.agents().size() + " (" + enabled + " enabled) in zone(s) " + zones);
        for (AgentConfig agent : config.agents()) {
            out.println("  " + agent.name() + "  " + agent.host()
                    + (agent.tlsDir() != null ? "  tls " + agent.tlsDir() : "")
                    + (agent.insecure() ? "  insecure" : "")
                    + "  zone " + agent.zone()
                    + (agent.enabled() ? "" : "  disabled")
                    + (agent.cpuOverride() > 0 ? "  cpuOverride " + plain(agent.cpuOverride()) : "")
                    + (agent.ramOverride() > 0 ? "  ramOverride " + new ByteSize(agent.ramOverride()).toHuman() : "")
                    + (agent.nodeExporter() != null ? "  nodeExporter " + agent.nodeExporter() : ""));
        }
        out.println(
                "redis: " + config.redis().map(RedisConfig::describe).orElse("none (state stays on this workstation)"));
        config.redis()
                .ifPresent(redis ->
                        out.println(persistence(redis, config.settings().agentTimeout())));
        out.println("metrics: "
                + config.metrics()
                        .map(MetricsConfig::describe)
                        .orElse("none (CPU and RAM are the containers' sums, from Docker)"));
        out.println("workspaces: " + config.workspaces().size());
        for (WorkspaceType w : config.workspaces()) {
            out.println("  " + w.name() + "  " + w.image() + "  " + plain(w.cores()) + " cores  "
                    + new ByteSize(w.memoryBytes()).toHuman() + "  "
                    + w.cpuAllocation().name().toLowerCase(Locale.ROOT)
                    + "  target " + w.targetSeconds() + "s");
        }
        FleetConfig.Settings s = config.settings();
        out.println("settings: refresh " + DurationText.format(s.refreshInterval())
                + ", agent timeout " + DurationText.format(s.agentTimeout())
                + ", RAM warn " + plain(s.ramWarnPercent()) + "% critical " + plain(s.ramCriticalPercent()) + "%"
                + ", " + s.maxSessionsPerUser() + " session(s) per user");
        out.println("images: pre-pull "
                + s.prePullEvery()
                        .map(d -> "every " + DurationText.format(d))
                        .orElse("off (fleetdeck images distribute runs one round)")
                + ", registry " + s.registry().orElse("none (missing images are copied from agents that have them)"));
    }

    /** Whether the server keeps cordons and drains across a restart; a Redis that does not answer is said so. */
    private static String persistence(RedisConfig redis, Duration timeout) {
        try (RedisConnector connector = new RedisConnector(redis, timeout)) {
            StatefulRedisConnection<String, String> c = connector.connect();
            try {
                return RedisPersistence.of(c.sync()).line();
            } finally {
                c.close();
            }
        } catch (RuntimeException e) {
            return "redis persistence: not checked (" + e.getMessage() + ")";
        }
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
