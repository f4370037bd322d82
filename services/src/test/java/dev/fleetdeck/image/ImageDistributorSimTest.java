package dev.fleetdeck.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.image.ImageDistributor.Outcome;
import dev.fleetdeck.image.ImageDistributor.Transfer;
import dev.fleetdeck.launch.ImagePresence;
import dev.fleetdeck.sim.SimulatedFleet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which source the distributor picks, on the simulated fleet (whose engines implement pulls too);
 * ImageTestBedTest proves the same against real engines and a real registry.
 */
class ImageDistributorSimTest {
    private static final String IMAGE = "kasmweb/firefox:1.17.0";
    private final WorkspaceType firefox = new WorkspaceType("firefox", IMAGE, 2, 4L << 30, CpuAllocation.SHARES, 30);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private SimulatedFleet fleet;
    private FleetMonitor monitor;
    private String lacking;

    @BeforeEach
    void setUp() {
        fleet = new SimulatedFleet(2, List.of("east"), List.of(firefox), 1, System::nanoTime);
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map(c -> new AgentMonitor(c, fleet.engine(c.name()), new AdminStates(), Clock.systemUTC()))
                .toList();
        monitor = new FleetMonitor(monitors, Duration.ofSeconds(2), 10, null, pool, Clock.systemUTC());
        lacking = fleet.agentConfigs().get(1).name();
        fleet.engine(lacking).removeImage(IMAGE);
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    private List<Transfer> round(Optional<String> registry) {
        ImagePresence presence = new ImagePresence(Duration.ofSeconds(60), Ticker.systemTicker());
        return new ImageDistributor(
                        new ImageInventory(monitor, () -> List.of(IMAGE)),
                        new ImagePuller(monitor, new ImageRegistry(registry), presence, System::nanoTime),
                        new ImageCopier(monitor, presence, System::nanoTime),
                        scheduler,
                        p -> {})
                .distribute();
    }

    @Test
    void aConfiguredRegistryIsPreferredOverAPeer() throws Exception {
        fleet.registry().publish("mirror.example:5000/" + IMAGE);

        assertThat(round(Optional.of("mirror.example:5000"))).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.PULLED);
            assertThat(t.from()).isEqualTo("mirror.example:5000/" + IMAGE);
        });
        assertThat(fleet.engine(lacking).imageTags()).contains(IMAGE);
    }

    @Test
    void aRegistryThatIsDownFallsBackToAPeerAndSaysSo() throws Exception {
        fleet.registry().publish("mirror.example:5000/" + IMAGE);
        fleet.registry().setDown(true);

        assertThat(round(Optional.of("mirror.example:5000"))).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.COPIED);
            assertThat(t.pullError())
                    .contains("pulling mirror.example:5000/" + IMAGE + " failed")
                    .contains("connection refused");
        });
        assertThat(fleet.engine(lacking).imageTags()).contains(IMAGE);
    }

    @Test
    void withoutARegistryOnlyPeersAreAsked() {
        assertThat(round(Optional.empty())).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.COPIED);
            assertThat(t.pullError()).isNull();
        });
    }

    @Test
    void anImageNamingItsRegistryIsPulledFromThatHostWithoutASetting() {
        assertThat(new ImageRegistry(Optional.empty()).referenceFor("registry.corp:5000/kasm/firefox:1.0"))
                .contains("registry.corp:5000/kasm/firefox:1.0");
        assertThat(new ImageRegistry(Optional.empty()).referenceFor("kasmweb/firefox:1.17.0"))
                .isEmpty();
        assertThat(new ImageRegistry(Optional.of("harbor.corp/dockerhub/")).referenceFor("kasmweb/firefox:1.17.0"))
                .contains("harbor.corp/dockerhub/kasmweb/firefox:1.17.0");
        assertThat(new ImageRegistry(Optional.of("m:5000")).referenceFor("localhost/x:1"))
                .contains("localhost/x:1");
    }
}
