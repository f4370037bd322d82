package dev.fleetdeck.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.image.ImageDistributor.Outcome;
import dev.fleetdeck.image.ImageDistributor.Transfer;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.launch.Placement;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image inventory, copy and pre-pull between real Docker engines, checked with the docker CLI. */
@RealTestBed
class ImageTestBedTest {
    private static final List<String> AGENTS = List.of("agent1", "agent2");
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> catalog = new ArrayList<>();
    private FleetMonitor fleet;
    private ImagePresence presence;
    private ImageCopier copier;
    private String tag;

    @BeforeEach
    void setUp(TestBed bed) throws Exception {
        tag = "fleetdeck/copytest-" + bed.runId().toLowerCase(Locale.ROOT) + ":1.0";
        bed.docker("agent1", "tag", bed.image("plain"), tag);
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = AGENTS.stream()
                .map(a -> new AgentMonitor(bed.agentConfig(a), bed.engine(a), admin, Clock.systemUTC()))
                .toList();
        fleet = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
        fleet.refreshAll();
        presence = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        copier = new ImageCopier(fleet, presence, System::nanoTime);
    }

    @AfterEach
    void tearDown(TestBed bed) throws Exception {
        for (String agent : AGENTS) {
            // A pulled image also keeps the registry's name (its provenance): both go.
            for (String name : List.of(tag, bed.registry() + "/" + tag)) {
                if (!bed.docker(agent, "images", "-q", name).isBlank()) {
                    bed.docker(agent, "rmi", name);
                }
            }
        }
        scheduler.shutdownNow();
        fleet.close();
        pool.shutdownNow();
    }

    private static boolean present(TestBed bed, String agent, String image) {
        try {
            bed.docker(agent, "image", "inspect", image);
            return true;
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    @Test
    void copyStreamsSaveIntoLoadSoTheTargetEngineHasTheImage(TestBed bed) throws Exception {
        assertThat(present(bed, "agent2", tag)).isFalse();

        ImageCopier.Copy c = copier.copy(tag, "agent1", "agent2");

        assertThat(present(bed, "agent2", tag)).isTrue();
        assertThat(c.bytes()).isPositive();
        assertThat(c.from()).isEqualTo("agent1");
    }

    @Test
    void copyingAnImageTheSourceLacksFailsAndLoadsNothing(TestBed bed) {
        assertThatThrownBy(() -> copier.copy(
                        "fleetdeck/absent-" + bed.runId().toLowerCase(Locale.ROOT) + ":1.0", "agent2", "agent1"))
                .isInstanceOf(AgentEngine.EngineException.class);
    }

    @Test
    void placementAvoidsAnAgentWithoutTheImageUntilTheImageIsCopiedThere(TestBed bed) throws Exception {
        WorkspaceType ws = new WorkspaceType("copytest", tag, 0.25, 64L << 20, CpuAllocation.SHARES, 30);
        Placement placement = new Placement(fleet, presence, System::nanoTime, 0);

        Placement.Plan before = placement.plan(ws, null);
        assertThat(before.candidates()).as(before.rejected().toString()).containsExactly("agent1");
        assertThat(before.rejected().get("agent2")).contains("image " + tag + " is not present");

        copier.copy(tag, "agent1", "agent2");

        assertThat(placement.plan(ws, null).candidates()).containsExactlyInAnyOrder("agent1", "agent2");
    }

    @Test
    void distributeCopiesEveryCatalogImageToEveryEnabledAgentThatLacksIt(TestBed bed) {
        String nobodyHasIt = "fleetdeck/nowhere-" + bed.runId().toLowerCase(Locale.ROOT) + ":1.0";
        catalog.addAll(List.of(tag, bed.image("firefox"), nobodyHasIt));
        ImageInventory inventory = new ImageInventory(fleet, () -> catalog);
        assertThat(inventory.read())
                .filteredOn(a -> a.agent().equals("agent2"))
                .singleElement()
                .satisfies(a -> assertThat(a.missing()).containsExactlyInAnyOrder(tag, nobodyHasIt));
        ImageDistributor distributor = new ImageDistributor(
                inventory,
                new ImagePuller(fleet, new ImageRegistry(Optional.empty()), presence, System::nanoTime),
                copier,
                scheduler,
                p -> {});

        List<Transfer> round = distributor.distribute();

        assertThat(round).filteredOn(t -> t.image().equals(tag)).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.COPIED);
            assertThat(t.agent()).isEqualTo("agent2");
            assertThat(t.from()).isEqualTo("agent1");
        });
        assertThat(round)
                .filteredOn(t -> t.image().equals(nobodyHasIt))
                .hasSize(2)
                .allSatisfy(t -> {
                    assertThat(t.outcome()).isEqualTo(Outcome.NOT_AVAILABLE);
                    assertThat(t.detail()).contains("no registry is configured");
                });
        assertThat(present(bed, "agent2", tag)).isTrue();
        // Nothing left to copy: the next round only reports what no agent has.
        assertThat(distributor.distribute()).extracting(Transfer::image).containsOnly(nobodyHasIt);
    }

    /** Puts {@code tag} of agent1 into the bed's registry under the same path, as an operator's mirror would hold it. */
    private static void pushToRegistry(TestBed bed, String tag) {
        String ref = bed.registry() + "/" + tag;
        bed.docker("agent1", "tag", tag, ref);
        try {
            bed.docker("agent1", "push", ref);
        } finally {
            bed.docker("agent1", "rmi", ref);
        }
    }

    private ImageDistributor distributor(Optional<String> registry) {
        ImageInventory inventory = new ImageInventory(fleet, () -> catalog);
        return new ImageDistributor(
                inventory,
                new ImagePuller(fleet, new ImageRegistry(registry), presence, System::nanoTime),
                copier,
                scheduler,
                p -> {});
    }

    @Test
    void withARegistryConfiguredAMissingImageIsPulledRatherThanCopied(TestBed bed) {
        pushToRegistry(bed, tag);
        catalog.add(tag);
        assertThat(present(bed, "agent2", tag)).isFalse();

        List<Transfer> round = distributor(Optional.of(bed.registry())).distribute();

        assertThat(round).singleElement().satisfies(t -> {
            assertThat(t.agent()).isEqualTo("agent2");
            assertThat(t.outcome()).isEqualTo(Outcome.PULLED);
            assertThat(t.from()).isEqualTo(bed.registry() + "/" + tag);
            assertThat(t.pullError()).isNull();
        });
        // docker load leaves no digest; only a pull records where the image came from.
        assertThat(bed.docker("agent2", "image", "inspect", "--format", "{{json .RepoDigests}}", tag))
                .contains(bed.registry() + "/" + tag.substring(0, tag.lastIndexOf(':')) + "@sha256:");
        assertThat(new Placement(fleet, presence, System::nanoTime, 0)
                        .plan(new WorkspaceType("pulltest", tag, 0.25, 64L << 20, CpuAllocation.SHARES, 30), null)
                        .candidates())
                .as("placement sees the pulled image at once")
                .containsExactlyInAnyOrder("agent1", "agent2");
    }

    @Test
    void anImageNoAgentHasIsStillPulledFromTheRegistry(TestBed bed) {
        pushToRegistry(bed, tag);
        bed.docker("agent1", "rmi", tag);
        catalog.add(tag);

        List<Transfer> round = distributor(Optional.of(bed.registry())).distribute();

        assertThat(round)
                .extracting(Transfer::agent, Transfer::outcome)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("agent1", Outcome.PULLED), Tuple.tuple("agent2", Outcome.PULLED));
        assertThat(present(bed, "agent1", tag)).isTrue();
        assertThat(present(bed, "agent2", tag)).isTrue();
    }

    @Test
    void whenTheRegistryDoesNotAnswerTheImageIsCopiedFromAPeerAndThePullFailureIsKept(TestBed bed) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String unreachable = "127.0.0.1:" + closedPort;
        catalog.add(tag);

        List<Transfer> round = distributor(Optional.of(unreachable)).distribute();

        assertThat(round).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.COPIED);
            assertThat(t.from()).isEqualTo("agent1");
            assertThat(t.pullError())
                    .startsWith("pulling " + unreachable + "/" + tag + " failed: ")
                    .containsIgnoringCase("connection refused");
            assertThat(t.describe())
                    .contains("copied " + tag + " to agent2 from agent1")
                    .contains("after the pull failed: pulling " + unreachable);
        });
        assertThat(present(bed, "agent2", tag)).isTrue();
    }

    @Test
    void anImageInNeitherTheRegistryNorAnyAgentFailsWithBothReasons(TestBed bed) {
        String nowhere = "fleetdeck/nowhere-" + bed.runId().toLowerCase(Locale.ROOT) + ":1.0";
        catalog.add(nowhere);

        List<Transfer> round = distributor(Optional.of(bed.registry())).distribute();

        assertThat(round).hasSize(2).allSatisfy(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(t.pullError()).startsWith("pulling " + bed.registry() + "/" + nowhere + " failed: ");
            assertThat(t.detail()).endsWith("no agent has it to copy from");
        });
    }
}
