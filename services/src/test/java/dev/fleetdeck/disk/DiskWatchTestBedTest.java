package dev.fleetdeck.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentDisk;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.DockerDiskUsage;
import dev.fleetdeck.fleet.DockerEngine;
import dev.fleetdeck.fleet.DockerEngineSettings;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.testbed.DockerSizes;
import dev.fleetdeck.testbed.EngineProxy;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Disk figures of the test bed's real engines, checked with the docker CLI against the same
 * socket; and an agent whose {@code /system/df} hangs or answers garbage behind a relay that
 * passes every other call to its real engine.
 */
@RealTestBed
class DiskWatchTestBedTest {
    private static final long MIB = 1L << 20;
    private static final Duration READ_LIMIT = Duration.ofSeconds(3);
    private final ExecutorService readers = Executors.newFixedThreadPool(2);
    private final ExecutorService refresh = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop(TestBed bed) {
        readers.shutdownNow();
        refresh.shutdownNow();
        ticks.shutdownNow();
        bed.removeTestContainers();
    }

    /** A session container that writes {@code mib} MiB into its own filesystem, then sleeps. */
    private static String writer(TestBed bed, AgentEngine engine, String session, int mib) throws Exception {
        Map<String, String> labels = new HashMap<>(bed.testLabels());
        labels.putAll(Map.of(
                SessionLabels.SESSION,
                session,
                SessionLabels.USER,
                "ada",
                SessionLabels.WORKSPACE,
                "plain",
                SessionLabels.CORES,
                "1",
                SessionLabels.MEMORY,
                String.valueOf(64 * MIB)));
        String id = engine.create(new ContainerSpec(
                bed.image("plain"),
                session + "-" + bed.runId(),
                labels,
                Map.of(),
                64 * MIB,
                1024,
                0,
                0,
                List.of(
                        "sh",
                        "-c",
                        "dd if=/dev/zero of=/fill bs=1048576 count=" + mib + " && touch /written && sleep 600")));
        engine.start(id);
        return id;
    }

    private static AgentDisk awaitDisk(DiskWatch watch, String agent, Predicate<AgentDisk> done, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            watch.readAll().join();
            AgentDisk d = watch.of(agent);
            if (done.test(d) || System.nanoTime() > deadline) {
                return d;
            }
            Thread.sleep(300);
        }
    }

    @Test
    void writableLayersAndDockerBytesAgreeWithDockerSystemDfAndDockerPs(TestBed bed) throws Exception {
        String agent = "agent3";
        DockerEngine engine = bed.engine(agent, DockerEngineSettings.defaults().withDiskTimeout(READ_LIMIT));
        String big = writer(bed, engine, "disk-20", 20);
        String small = writer(bed, engine, "disk-5", 5);
        DiskWatch watch =
                new DiskWatch(Map.of(agent, engine), Duration.ofMinutes(5), ticks, readers, Clock.systemUTC());

        AgentDisk disk = awaitDisk(
                watch,
                agent,
                d -> d.known()
                        && d.usage().writableOf(big) >= 20 * MIB
                        && d.usage().writableOf(small) >= 5 * MIB,
                Duration.ofSeconds(30));

        assertThat(disk.problem()).isNull();
        DockerDiskUsage u = disk.usage();
        // What was written, and a few KiB of the container's own (its /written, the dd's metadata).
        assertThat(u.writableOf(big)).isBetween(20 * MIB, 20 * MIB + MIB);
        assertThat(u.writableOf(small)).isBetween(5 * MIB, 5 * MIB + MIB);
        // docker ps -s prints the writable layer in 3 significant digits ("21MB (virtual 23MB)").
        for (String id : List.of(big, small)) {
            String shown = bed.docker(agent, "ps", "-s", "--filter", "id=" + id, "--format", "{{.Size}}")
                    .strip();
            assertThat((double) u.writableOf(id))
                    .as(shown)
                    .isCloseTo(DockerSizes.bytes(shown), within(0.03 * u.writableOf(id)));
        }
        // docker system df's Images + Containers + Local Volumes, printed in 4 significant digits.
        double images = 0;
        double rest = 0;
        for (String line : bed.docker(agent, "system", "df", "--format", "{{json .}}")
                .strip()
                .split("\n", -1)) {
            JsonNode row = json.readTree(line);
            double size = DockerSizes.bytes(row.path("Size").asText());
            switch (row.path("Type").asText()) {
                case "Images" -> images = size;
                case "Containers", "Local Volumes" -> rest += size;
                default -> {}
            }
        }
        assertThat((double) u.imagesBytes()).isCloseTo(images, within(0.002 * images + 1));
        assertThat(u.containersBytes()).isGreaterThanOrEqualTo(25 * MIB);
        assertThat((double) u.dockerBytes()).isCloseTo(images + rest, within(0.01 * (images + rest)));
        assertThat(u.dockerBytes()).isEqualTo(u.imagesBytes() + u.containersBytes() + u.volumesBytes());
    }

    @Test
    void theFleetsSnapshotsCarryEachSessionsWritableLayer(TestBed bed) throws Exception {
        String agent = "agent3";
        DockerEngine engine = bed.engine(agent, DockerEngineSettings.defaults().withDiskTimeout(READ_LIMIT));
        String id = writer(bed, engine, "disk-12", 12);
        DiskWatch watch =
                new DiskWatch(Map.of(agent, engine), Duration.ofMinutes(5), ticks, readers, Clock.systemUTC());
        AgentMonitor monitor = new AgentMonitor(bed.agentConfig(agent), engine, new AdminStates(), Clock.systemUTC());
        try (FleetMonitor fleet = new FleetMonitor(
                List.of(monitor), Duration.ofSeconds(1), 10, null, refresh, Clock.systemUTC(), null, watch)) {
            awaitDisk(watch, agent, d -> d.known() && d.usage().writableOf(id) >= 12 * MIB, Duration.ofSeconds(30));

            AgentSnapshot a = fleet.refreshAll().agents().get(0);

            Session session = a.sessions().stream()
                    .filter(s -> s.containerId().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(a.disk().usage().writableOf(session.containerId())).isBetween(12 * MIB, 13 * MIB);
            assertThat(a.disk().readAt()).isNotNull();
        }
    }

    @Test
    void aDiskReadThatHangsOrAnswersGarbageLeavesTheLastFigureStaleAndTheRefreshGoesOn(TestBed bed) throws Exception {
        try (EngineProxy proxy = new EngineProxy(bed.host("agent2"), "/system/df")) {
            AgentConfig config = new AgentConfig("relayed", proxy.host(), null, "east", true, 0, 0, false);
            DockerEngine engine =
                    new DockerEngine(config, DockerEngineSettings.defaults().withDiskTimeout(READ_LIMIT));
            DiskWatch watch =
                    new DiskWatch(Map.of("relayed", engine), Duration.ofMinutes(5), ticks, readers, Clock.systemUTC());
            AgentMonitor monitor = new AgentMonitor(config, engine, new AdminStates(), Clock.systemUTC());
            try (engine;
                    FleetMonitor fleet = new FleetMonitor(
                            List.of(monitor),
                            Duration.ofSeconds(1),
                            10,
                            null,
                            refresh,
                            Clock.systemUTC(),
                            null,
                            watch)) {
                watch.readAll().join();
                AgentDisk first = watch.of("relayed");
                assertThat(first.problem()).isNull();
                assertThat(first.usage().imagesBytes()).isPositive();

                proxy.hang();
                long started = System.nanoTime();
                watch.round(); // the console's way: handed to the readers, returns at once
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
                // While the read hangs, refreshes run and the agent is online with fresh figures.
                for (int i = 0; i < 2; i++) {
                    long refreshStarted = System.nanoTime();
                    AgentSnapshot during = fleet.refreshAll().agents().get(0);
                    assertThat(Duration.ofNanos(System.nanoTime() - refreshStarted))
                            .isLessThan(READ_LIMIT);
                    assertThat(during.state()).isEqualTo(AgentState.ENABLED);
                    assertThat(during.disk().problem()).isNull(); // not yet timed out: the last figure, as read
                }
                AgentDisk hung = awaitDisk(watch, "relayed", d -> d.problem() != null, Duration.ofSeconds(15));
                assertThat(hung.problem()).isEqualTo("relayed: no answer within 3 s (" + proxy.host() + ")");
                assertThat(hung.stale()).isTrue();
                assertThat(hung.usage()).isEqualTo(first.usage());
                assertThat(hung.readAt()).isEqualTo(first.readAt());
                assertThat(fleet.refreshAll().agents().get(0).disk()).isEqualTo(hung);

                proxy.answer(200, "{\"LayersSize\": 12, \"Containers\": ");
                assertThat(awaitDisk(watch, "relayed", d -> d.problem().contains("not JSON"), Duration.ofSeconds(10))
                                .problem())
                        .startsWith("relayed: the answer to /system/df is not JSON");
                proxy.answer(200, "<!DOCTYPE html><html><body>Sign in</body></html>");
                assertThat(awaitDisk(watch, "relayed", d -> d.problem().contains("HTML"), Duration.ofSeconds(10))
                                .problem())
                        .isEqualTo("relayed: " + proxy.host()
                                + " answers HTML, not the Docker API — is the address right?");
                proxy.answer(200, "{\"LayersSize\": \"lots\"}");
                AgentDisk garbage =
                        awaitDisk(watch, "relayed", d -> d.problem().contains("whole number"), Duration.ofSeconds(10));
                assertThat(garbage.problem())
                        .isEqualTo(
                                "relayed: the answer to /system/df has LayersSize that is not a whole number: \"lots\"");
                assertThat(garbage.usage()).isEqualTo(first.usage());

                // An agent never read: no figure, the reason.
                DiskWatch fresh = new DiskWatch(
                        Map.of("relayed", engine), Duration.ofMinutes(5), ticks, readers, Clock.systemUTC());
                fresh.readAll().join();
                assertThat(fresh.of("relayed").known()).isFalse();
                assertThat(fresh.of("relayed").problem()).contains("not a whole number");

                proxy.relay();
                AgentDisk back = awaitDisk(watch, "relayed", d -> d.problem() == null, Duration.ofSeconds(10));
                assertThat(back.readAt()).isAfter(first.readAt());
                assertThat(fleet.refreshAll().agents().get(0).state()).isEqualTo(AgentState.ENABLED);
            }
        }
    }
}
