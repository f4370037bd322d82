package dev.fleetdeck.app;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.AlertsConfig;
import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.config.ConfigLoader;
import dev.fleetdeck.config.ConfigLocator;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.RedisPassword;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.DockerEngineSettings;
import dev.fleetdeck.sim.SimulatedFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the fleet: the configuration file when there is one; else the embedded default, which
 * is the local Docker engine when one answers and the simulated demo fleet otherwise, so a
 * newcomer sees a live console at once.
 */
public final class FleetOpener {
    /** The local engine's agent, read when the embedded default is opened (see {@link DockerHost}). */
    public interface LocalAgent {
        AgentConfig get() throws ConfigException;
    }

    private final ConfigLocator locator;
    private final ConfigLoader loader;
    private final List<WorkspaceType> catalog;
    private final LocalAgent localAgent;

    public FleetOpener(ConfigLocator locator, ConfigLoader loader, List<WorkspaceType> catalog, LocalAgent localAgent) {
        this.locator = locator;
        this.loader = loader;
        this.catalog = List.copyOf(catalog);
        this.localAgent = localAgent;
    }

    public OpenedFleet open(ConsoleOptions options) throws ConfigException {
        if (options.demo()) {
            return demo(options.seed(), "simulated demo fleet (--demo, seed " + options.seed() + ")");
        }
        ConfigLocator.ConfigLocation where = locator.locate(options.config().orElse(null));
        if (where.shouldLoad()) {
            FleetConfig config = loader.load(where.path());
            return new OpenedFleet(
                    config, engines(config), where.path().toString(), null, warnings(config, where.path()));
        }
        AgentConfig agent = localAgent.get();
        FleetConfig local = new FleetConfig(
                Optional.empty(), List.of(agent), Optional.empty(), catalog, FleetConfig.Settings.defaults());
        if (localDockerAnswers(agent, local.settings())) {
            return new OpenedFleet(
                    local, engines(local), "local Docker (" + agent.host() + "; no " + where.path() + ")", null);
        }
        return demo(ConsoleOptions.DEFAULT_SEED, "simulated demo fleet (no " + where.path() + " and no local Docker)");
    }

    /**
     * The workspace catalog the fleet of these options has, read without opening any engine:
     * {@code analyze --input} needs the configured targets, not a connection to every agent.
     */
    public List<WorkspaceType> catalog(ConsoleOptions options) throws ConfigException {
        if (options.demo()) {
            return catalog;
        }
        ConfigLocator.ConfigLocation where = locator.locate(options.config().orElse(null));
        return where.shouldLoad() ? loader.load(where.path()).workspaces() : catalog;
    }

    /** A secret in a file other users can read is a secret shared with them: say so. */
    static List<String> warnings(FleetConfig config, Path file) {
        List<String> warnings = new ArrayList<>();
        config.redis().ifPresent(redis -> {
            if (redis.uriHoldsPassword() && readableByOthers(file)) {
                warnings.add(file + " holds a Redis password and other users can read it: chmod 600 " + file);
            }
            redis.password()
                    .flatMap(RedisPassword::file)
                    .filter(FleetOpener::readableByOthers)
                    .ifPresent(f ->
                            warnings.add(f + " holds the Redis password and other users can read it: chmod 600 " + f));
        });
        return List.copyOf(warnings);
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions to judge by
            return false;
        }
    }

    private static final List<String> DEMO_NOTICE = List.of("notify-send", "Fleetdeck", WorkspaceType.MESSAGE);

    private OpenedFleet demo(long seed, String label) {
        // The demo keeps a small staging pool of firefox in each zone, so staged launches show in the timeline,
        // and every type has a notice command (the simulated engine keeps what it ran), so drains tell users.
        List<WorkspaceType> catalog = this.catalog.stream()
                .map(w -> w.name().equals("firefox")
                        ? new WorkspaceType(
                                w.name(),
                                w.image(),
                                w.cores(),
                                w.memoryBytes(),
                                w.cpuAllocation(),
                                w.targetSeconds(),
                                1,
                                w.poolMaxAge())
                        : w)
                .map(w -> w.notice().isEmpty() ? w.withNotice(DEMO_NOTICE) : w)
                .toList();
        SimulatedFleet sim = SimulatedFleet.demo(catalog, seed);
        sim.seedSessions(36);
        // The startup rules re-read the demo's records every 10 s, not every 5 min: a demo (and its
        // story) shows the analyzer's alert while the room still looks at the failures behind it.
        AlertsConfig d = AlertsConfig.defaults();
        AlertsConfig alerts = new AlertsConfig(
                d.webhooks(),
                d.alertmanager(),
                d.offlineAfter(),
                d.avgWarningMs(),
                d.failureRateCritical(),
                Duration.ofSeconds(10));
        FleetConfig config = new FleetConfig(
                Optional.empty(),
                sim.agentConfigs(),
                Optional.empty(),
                catalog,
                FleetConfig.Settings.defaults(),
                Optional.empty(),
                alerts);
        return new OpenedFleet(config, sim.engines(), label, sim);
    }

    private static Map<String, AgentEngine> engines(FleetConfig config) {
        DockerEngineSettings settings = DockerEngineSettings.from(config.settings());
        Map<String, AgentEngine> engines = new LinkedHashMap<>();
        for (AgentConfig a : config.agents()) {
            engines.put(a.name(), new DockerEngine(a, settings));
        }
        return engines;
    }

    private static boolean localDockerAnswers(AgentConfig local, FleetConfig.Settings settings) {
        // DOCKER_HOST may name a tcp:// engine; a unix socket that is not there needs no probe.
        if ("unix".equals(local.host().getScheme())
                && !Files.exists(Path.of(local.host().getPath()))) {
            return false;
        }
        try (DockerEngine probe =
                new DockerEngine(local, DockerEngineSettings.from(settings).withCallTimeout(Duration.ofSeconds(1)))) {
            probe.ping();
            return true;
        } catch (AgentEngine.EngineException | IOException | RuntimeException e) {
            return false;
        }
    }
}
