package dev.fleetdeck.ui.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.fleetdeck.cache.CacheHistory;
import dev.fleetdeck.cache.CacheRegistry;
import dev.fleetdeck.cache.CacheWatch;
import dev.fleetdeck.cache.CachingEngine;
import dev.fleetdeck.cache.ContainerCaches;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.ContainerSummary;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.shell.MainWindow;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The caches view over the simulated fleet, its engines behind the real container-info caches. */
@ExtendWith(ApplicationExtension.class)
class CachesViewTest {
    private static final long GIB = 1L << 30;
    private static final WorkspaceType FIREFOX =
            new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 30);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, CachingEngine> engines = new LinkedHashMap<>();
    private SimulatedFleet fleet;
    private FleetMonitor monitor;
    private CacheWatch watch;

    @Start
    void start(Stage stage) {
        fleet = SimulatedFleet.demo(List.of(FIREFOX), 42);
        fleet.seedSessions(24);
        ContainerCaches caches = new ContainerCaches(ContainerCaches.Ttls.defaults(), Ticker.systemTicker());
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map((AgentConfig c) -> {
                    CachingEngine e = caches.wrap(c.name(), fleet.engine(c.name()));
                    engines.put(c.name(), e);
                    return new AgentMonitor(c, e, admin, Clock.systemUTC());
                })
                .toList();
        monitor = new FleetMonitor(monitors, Duration.ofMillis(200), 100, scheduler, pool, Clock.systemUTC());
        // 60 samples of 250 ms: the chart spans 15 seconds, so the test sees the lines move.
        watch = new CacheWatch(
                new CacheRegistry(caches.metrics(), Optional.empty(), Clock.systemUTC()),
                new CacheHistory(60),
                Duration.ofMillis(250),
                scheduler);
        CachesViewModel vm = new CachesViewModel(watch, 0.80);
        vm.attach();
        ThemeManager themes = new ThemeManager();
        CachesView view = new CachesView(vm);
        MainWindow window = new MainWindow(
                List.of(view), monitor, new Background(pool), themes, "simulated demo fleet (seed 42)", true);
        Scene scene = new Scene(window.build(), 1500, 900);
        themes.install(scene);
        stage.setScene(scene);
        stage.show();
        monitor.start();
        watch.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        watch.close();
        monitor.close();
        scheduler.shutdownNow();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void showsEachCachesHitRateItsChartAndRedisNotConfigured(FxRobot robot) throws Exception {
        TableView<CacheRow> table = robot.lookup("#cache-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> table.getItems().size() == 4
                        && table.getItems().get(2).sinceStart().hits() > 0);
        assertThat(table.getItems())
                .extracting(CacheRow::name)
                .containsExactly("container status", "container stats", "container list", "agent info");

        // Churn through the caches as launches and ends do: each stop drops entries, so misses come.
        for (int round = 0; round < 6; round++) {
            for (CachingEngine e : engines.values()) {
                List<ContainerSummary> running = e.listContainers(false);
                for (ContainerSummary c : running) {
                    e.inspect(c.id());
                }
                if (round % 2 == 1 && !running.isEmpty()) {
                    e.stop(running.get(0).id(), Duration.ZERO);
                    e.inspect(running.get(0).id());
                }
            }
            Thread.sleep(700);
        }
        WaitForAsyncUtils.waitForFxEvents();

        CacheRow list = table.getItems().get(2);
        assertThat(list.sinceStart().misses()).isPositive();
        assertThat(list.sinceStart().hitRate()).isBetween(0.5, 1.0);
        CacheRow status = table.getItems().get(0);
        assertThat(status.sinceStart().hits() + status.sinceStart().misses()).isPositive();
        assertThat(status.belowTarget()).isEqualTo(status.current() < 0.80);

        LineChart<?, ?> chart = robot.lookup("#cache-chart").query();
        assertThat(chart.getData()).extracting(s -> s.getName()).contains("target 80.0 %", "container list");
        assertThat(robot.lookup("#redis-state").queryLabeled().getText()).startsWith("Redis not configured");
        Thread.sleep(1500);
        Screenshots.capture("caches-view");
    }
}
