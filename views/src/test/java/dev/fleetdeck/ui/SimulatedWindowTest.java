package dev.fleetdeck.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AdminStates;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.fleet.SessionControl;
import dev.fleetdeck.sim.SimulatedFleet;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.fleet.FleetView;
import dev.fleetdeck.ui.fleet.FleetViewModel;
import dev.fleetdeck.ui.sessions.SessionsView;
import dev.fleetdeck.ui.sessions.SessionsViewModel;
import dev.fleetdeck.ui.shell.MainWindow;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on the simulated demo fleet: its labelling, live updates and navigation. */
@ExtendWith(ApplicationExtension.class)
class SimulatedWindowTest {
    private static final long GIB = 1L << 30;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ExecutorService statsPool = Executors.newFixedThreadPool(4);
    private SimulatedFleet fleet;
    private FleetMonitor monitor;

    @Start
    void start(Stage stage) {
        List<WorkspaceType> catalog = List.of(
                new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 30),
                new WorkspaceType("vscode", "kasmweb/vscode:1.17.0", 2, 4 * GIB, CpuAllocation.SHARES, 35),
                new WorkspaceType("kali", "kasmweb/kali:1.17.0", 4, 8 * GIB, CpuAllocation.QUOTAS, 50));
        fleet = SimulatedFleet.demo(catalog, 42);
        fleet.seedSessions(60);
        AdminStates admin = new AdminStates();
        List<AgentMonitor> monitors = fleet.agentConfigs().stream()
                .map((AgentConfig c) -> new AgentMonitor(c, fleet.engine(c.name()), admin, statsPool, 2, Clock.systemUTC()))
                .toList();
        monitor = new FleetMonitor(monitors, Duration.ofMillis(250), 450, scheduler, pool, Clock.systemUTC());
        Background background = new Background(pool);
        FleetViewModel fleetVm = new FleetViewModel(monitor, catalog, FleetConfig.Settings.defaults());
        SessionsViewModel sessionsVm = new SessionsViewModel(monitor, new SessionControl(monitor, Duration.ofSeconds(1)), background);
        fleetVm.attach();
        sessionsVm.attach();
        ThemeManager themes = new ThemeManager();
        MainWindow window = new MainWindow(List.of(new FleetView(fleetVm, 450), new SessionsView(sessionsVm)),
                monitor, background, themes, "simulated demo fleet (seed 42)", true);
        Scene scene = new Scene(window.build(), 1500, 900);
        themes.install(scene);
        stage.setScene(scene);
        stage.setTitle("Fleetdeck — simulated");
        stage.show();
        monitor.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        monitor.close();
        scheduler.shutdownNow();
        pool.shutdownNow();
        statsPool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fleetViewShowsEveryAgentUpdatingAndIsLabelledSimulated(FxRobot robot) throws Exception {
        TableView<AgentSnapshot> table = robot.lookup("#fleet-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 12
                && table.getItems().stream().allMatch(a -> a.online() && a.usedCpus() > 0));
        assertThat(robot.lookup("#demo-banner").queryLabeled().getText()).contains("SIMULATED");
        assertThat(table.getItems().stream().mapToInt(AgentSnapshot::sessionCount).sum()).isEqualTo(60);

        // Live: a new snapshot replaces the row in place.
        AgentSnapshot before = table.getItems().get(0);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().get(0) != before);
        Thread.sleep(3000); // let the sparklines gather a few points before the screenshot
        Screenshots.capture("fleet-view-demo");
    }

    @Test
    void sessionsViewListsAndSearchesSessions(FxRobot robot) throws Exception {
        robot.clickOn("#nav-sessions");
        TableView<Session> table = robot.lookup("#sessions-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 60);
        robot.clickOn("#session-search").write("kali");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems()).isNotEmpty().allMatch(s -> s.workspaceType().equals("kali"));
        Screenshots.capture("sessions-view-demo");
    }
}
