package dev.fleetdeck.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.DockerEngineSettings;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** settings: prePull, wired as the window wires it, on two real engines of the test bed. */
@RealTestBed
class PrePullTestBedTest {
    private static final List<String> AGENTS = List.of("agent1", "agent2");

    @TempDir
    Path dir;

    private String tag;
    private Services services;
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeEach
    void tagAnImageOnAgent1Only(TestBed bed) {
        tag = "fleetdeck/prepull-" + bed.runId().toLowerCase(Locale.ROOT) + ":1.0";
        bed.docker("agent1", "tag", bed.image("plain"), tag);
    }

    @AfterEach
    void closeAndRemove(TestBed bed) {
        if (services != null) {
            services.close();
        }
        for (String agent : AGENTS) {
            if (!bed.docker(agent, "images", "-q", tag).isBlank()) {
                bed.docker(agent, "rmi", tag);
            }
        }
    }

    private Services open(TestBed bed, Optional<Duration> prePull) throws Exception {
        FleetConfig config = new FleetConfig(
                Optional.empty(),
                AGENTS.stream().map(bed::agentConfig).toList(),
                Optional.empty(),
                List.of(new WorkspaceType("prepull", tag, 0.25, 64L << 20, CpuAllocation.SHARES, 30)),
                new FleetConfig.Settings(
                        Duration.ofMillis(500), Duration.ofSeconds(3), 85, 95, 10, prePull, Optional.empty()));
        Map<String, AgentEngine> engines = new LinkedHashMap<>();
        // Engines of our own: Services closes what it is given.
        AGENTS.forEach(a -> engines.put(a, new DockerEngine(bed.agentConfig(a), DockerEngineSettings.defaults())));
        services = new Services(
                new OpenedFleet(config, engines, "test bed " + AGENTS, null),
                new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper()),
                null,
                DrainBackends.open(Optional.empty(), false, dir, Json.mapper()),
                problems::add);
        return services;
    }

    private static boolean present(TestBed bed, String agent, String image) {
        return !bed.docker(agent, "images", "-q", image).isBlank();
    }

    private static List<Thread> prePullThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("fleetdeck-prepull"))
                .toList();
    }

    @Test
    void withPrePullSetAnImageOnOneAgentReachesTheOtherOnTheSchedule(TestBed bed) throws Exception {
        assertThat(present(bed, "agent2", tag)).isFalse();
        open(bed, Optional.of(Duration.ofSeconds(1))).startPrePull();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!present(bed, "agent2", tag) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }

        assertThat(present(bed, "agent2", tag))
                .as("agent2 got %s from agent1; problems: %s", tag, problems)
                .isTrue();
        assertThat(services.imageDistributor().started()).isTrue();
        services.close();
        services = null;
        // A worker is removed from its pool a moment before its thread ends.
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!prePullThreads().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(prePullThreads())
                .as("the pre-pull thread ends with the services")
                .isEmpty();
    }

    @Test
    void withoutPrePullSetNothingIsCopiedOnItsOwn(TestBed bed) throws Exception {
        open(bed, Optional.empty()).startPrePull();

        Thread.sleep(3000);

        assertThat(services.imageDistributor().started()).isFalse();
        assertThat(present(bed, "agent2", tag)).isFalse();
    }
}
