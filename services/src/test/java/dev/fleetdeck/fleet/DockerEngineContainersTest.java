package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.fleet.AgentEngine.EngineException;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Container life cycle through {@link DockerEngine}, checked with the docker CLI. */
@RealTestBed
class DockerEngineContainersTest {

    private static final long MIB = 1L << 20;
    private static final String AGENT = "agent2";
    private final ObjectMapper mapper = new ObjectMapper();

    private static Map<String, String> labels(TestBed bed, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(bed.testLabels());
        all.putAll(more);
        return all;
    }

    @Test
    void createAppliesLabelsEnvLimitsSharesAndNoNetwork(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine(AGENT);
        Map<String, String> labels = labels(
                bed,
                Map.of(
                        SessionLabels.SESSION,
                        "s-1",
                        SessionLabels.USER,
                        "ada",
                        SessionLabels.WORKSPACE,
                        "vscode",
                        SessionLabels.CORES,
                        "2",
                        SessionLabels.MEMORY,
                        "536870912"));
        String name = "fd-shares-" + bed.runId();

        String id = engine.create(new ContainerSpec(
                bed.image("vscode"),
                name,
                labels,
                Map.of("STARTUP_SECONDS", "0"),
                512 * MIB,
                2 * 1024,
                0,
                64 * MIB,
                List.of("/usr/local/bin/workspace")));

        JsonNode inspect = dockerInspect(bed, id);
        assertThat(inspect.path("Name").asText()).isEqualTo("/" + name);
        assertThat(mapper.convertValue(inspect.path("Config").path("Labels"), Map.class))
                .isEqualTo(labels);
        assertThat(inspect.path("Config").path("Env").toString()).contains("STARTUP_SECONDS=0");
        assertThat(inspect.path("Config").path("Cmd").toString()).isEqualTo("[\"/usr/local/bin/workspace\"]");
        JsonNode host = inspect.path("HostConfig");
        assertThat(host.path("Memory").asLong()).isEqualTo(512 * MIB);
        assertThat(host.path("CpuShares").asLong()).isEqualTo(2048);
        assertThat(host.path("NanoCpus").asLong()).isZero();
        assertThat(host.path("ShmSize").asLong()).isEqualTo(64 * MIB);
        assertThat(host.path("NetworkMode").asText()).isEqualTo("none");

        ContainerState state = engine.inspect(id);
        assertThat(state.status()).isEqualTo("created");
        assertThat(state.labels()).isEqualTo(labels);
        assertThat(state.memoryBytes()).isEqualTo(512 * MIB);
        assertThat(state.cpuShares()).isEqualTo(2048);
        assertThat(state.nanoCpus()).isZero();
    }

    @Test
    void createWithQuotasSetsNanoCpus(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine(AGENT);

        String id = engine.create(new ContainerSpec(
                bed.image("burp"), null, bed.testLabels(), Map.of(), 256 * MIB, 0, 1_500_000_000L, 0, List.of()));

        JsonNode host = dockerInspect(bed, id).path("HostConfig");
        assertThat(host.path("NanoCpus").asLong()).isEqualTo(1_500_000_000L);
        assertThat(host.path("CpuShares").asLong()).isZero();
        assertThat(engine.inspect(id).nanoCpus()).isEqualTo(1_500_000_000L);
    }

    @Test
    void eventsDeliverStartAndHealthyForAWorkspaceImage(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine(AGENT);
        BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
        String id;
        try (AutoCloseable subscription = engine.events(events::add)) {
            id = engine.create(new ContainerSpec(
                    bed.image("firefox"),
                    null,
                    bed.testLabels(),
                    Map.of("STARTUP_SECONDS", "1"),
                    256 * MIB,
                    1024,
                    0,
                    0,
                    List.of()));
            engine.start(id);

            ContainerEvent start = awaitEvent(events, id, "start");
            ContainerEvent healthy = awaitEvent(events, id, "health_status: healthy");

            assertThat(start.attributes())
                    .containsEntry("image", bed.image("firefox"))
                    .containsEntry(TestBed.TEST_LABEL, bed.runId());
            assertThat(healthy.healthStatus()).isEqualTo("healthy");
            assertThat(healthy.time()).isAfterOrEqualTo(start.time());
        }
        assertThat(engine.inspect(id).health()).isEqualTo("healthy");
        assertThat(engine.inspect(id).running()).isTrue();
    }

    @Test
    void aClosedSubscriptionDeliversNothingMore(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine(AGENT);
        BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
        AutoCloseable subscription = engine.events(events::add);
        String first = engine.create(
                new ContainerSpec(bed.image("plain"), null, bed.testLabels(), Map.of(), 0, 0, 0, 0, List.of()));
        awaitEvent(events, first, "create");

        subscription.close();
        String second = engine.create(
                new ContainerSpec(bed.image("plain"), null, bed.testLabels(), Map.of(), 0, 0, 0, 0, List.of()));
        engine.start(second);
        Thread.sleep(500);

        assertThat(events).noneMatch(e -> e.containerId().equals(second));
    }

    @Test
    void anImageWithoutHealthcheckHasNoHealth(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine(AGENT);
        String id = engine.create(
                new ContainerSpec(bed.image("plain"), null, bed.testLabels(), Map.of(), 0, 0, 0, 0, List.of()));
        engine.start(id);

        ContainerState state = engine.inspect(id);

        assertThat(state.running()).isTrue();
        assertThat(state.health()).isNull();
    }

    @Test
    void stopEndsGracefullyAndRemoveDeletes(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine(AGENT);
        String id = engine.create(
                new ContainerSpec(bed.image("kali"), null, bed.testLabels(), Map.of(), 0, 0, 0, 0, List.of()));
        engine.start(id);
        engine.start(id); // already running: not an error

        engine.stop(id, Duration.ofSeconds(5));
        engine.stop(id, Duration.ofSeconds(5)); // already stopped: not an error

        ContainerState stopped = engine.inspect(id);
        assertThat(stopped.status()).isEqualTo("exited");
        assertThat(stopped.exitCode())
                .as("the workspace traps SIGTERM and exits 0")
                .isZero();

        engine.remove(id, false);

        assertThat(bed.docker(AGENT, "ps", "-aq", "--no-trunc", "--filter", "id=" + id)
                        .strip())
                .isEmpty();
        assertThatThrownBy(() -> engine.inspect(id))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("agent2: HTTP 404: No such container");
    }

    @Test
    void listContainersShowsRunningOnlyUnlessAll(TestBed bed) throws Exception {
        DockerEngine engine = bed.engine(AGENT);
        String name = "fd-list-" + bed.runId();
        String created = engine.create(
                new ContainerSpec(bed.image("empire"), name, bed.testLabels(), Map.of(), 0, 0, 0, 0, List.of()));
        String running = engine.create(
                new ContainerSpec(bed.image("plain"), null, bed.testLabels(), Map.of(), 0, 0, 0, 0, List.of()));
        engine.start(running);

        List<ContainerSummary> runningOnly = engine.listContainers(false);
        List<ContainerSummary> all = engine.listContainers(true);

        assertThat(runningOnly)
                .extracting(ContainerSummary::id)
                .contains(running)
                .doesNotContain(created);
        ContainerSummary row =
                all.stream().filter(c -> c.id().equals(created)).findFirst().orElseThrow();
        assertThat(row.name()).isEqualTo(name);
        assertThat(row.image()).isEqualTo(bed.image("empire"));
        assertThat(row.state()).isEqualTo("created");
        assertThat(row.labels()).containsEntry(TestBed.TEST_LABEL, bed.runId());
        assertThat(all)
                .extracting(ContainerSummary::id)
                .containsAll(List.of(bed.docker(
                                AGENT,
                                "ps",
                                "-aq",
                                "--no-trunc",
                                "--filter",
                                "label=" + TestBed.TEST_LABEL + "=" + bed.runId())
                        .strip()
                        .split("\\s+")));
    }

    @Test
    void imageTagsAreTheTagsTheCliLists(TestBed bed) throws Exception {
        Set<String> tags = bed.engine(AGENT).imageTags();

        Set<String> cli = Set.of(bed.docker(AGENT, "images", "--format", "{{.Repository}}:{{.Tag}}")
                .strip()
                .split("\n"));
        assertThat(tags).isEqualTo(cli);
        assertThat(tags)
                .contains(
                        "fleetdeck/firefox:1.0",
                        "fleetdeck/vscode:1.0",
                        "fleetdeck/burp:1.0",
                        "fleetdeck/kali:1.0",
                        "fleetdeck/empire:1.0",
                        "fleetdeck/plain:1.0");
    }

    private JsonNode dockerInspect(TestBed bed, String id) throws Exception {
        return mapper.readTree(bed.docker(AGENT, "inspect", id)).get(0);
    }

    private static ContainerEvent awaitEvent(BlockingQueue<ContainerEvent> events, String id, String action)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            ContainerEvent event = events.poll(200, TimeUnit.MILLISECONDS);
            if (event != null
                    && event.containerId().equals(id)
                    && event.action().equals(action)) {
                return event;
            }
        }
        throw new AssertionError("no '" + action + "' event for " + id + " within 30 s");
    }
}
