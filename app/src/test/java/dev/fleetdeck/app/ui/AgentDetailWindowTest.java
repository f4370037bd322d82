package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.DrainBackends;
import dev.fleetdeck.app.OpenedFleet;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.ContainerEvent;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.testbed.TestBed;
import dev.fleetdeck.ui.agent.AgentContainer;
import dev.fleetdeck.ui.fleet.FleetRow;
import dev.fleetdeck.ui.fleet.FleetView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The agent detail, opened from the fleet table of the whole window, on the real test-bed engines. */
@RealTestBed
@ExtendWith(ApplicationExtension.class)
class AgentDetailWindowTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private Services services;
    private ConsoleUi ui;

    private void open(TestBed bed) throws Exception {
        List<AgentConfig> agents = bed.agents().stream().map(bed::agentConfig).toList();
        List<WorkspaceType> catalog =
                List.of(new WorkspaceType("firefox", bed.image("firefox"), 0.25, 128 * MIB, CpuAllocation.SHARES, 30));
        FleetConfig config = new FleetConfig(
                Optional.empty(),
                agents,
                Optional.empty(),
                catalog,
                new FleetConfig.Settings(
                        Duration.ofMillis(500), Duration.ofSeconds(3), 85, 95, 10, Optional.empty(), Optional.empty()));
        Map<String, AgentEngine> engines = new LinkedHashMap<>();
        bed.agents().forEach(a -> engines.put(a, bed.engine(a)));
        services = new Services(
                new OpenedFleet(config, engines, "test bed " + bed.agents(), null),
                new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper()),
                null,
                DrainBackends.open(Optional.empty(), false, dir, Json.mapper()),
                p -> {});
        ui = ConsoleStage.show(services);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui);
        if (services != null) {
            services.fleet().close();
        }
    }

    @Test
    void theDetailOfAgent1ShowsItsHistoryImagesAndAContainerStartingAsItHappens(FxRobot robot, TestBed bed)
            throws Exception {
        open(bed);
        WaitForAsyncUtils.waitFor(
                15,
                TimeUnit.SECONDS,
                () -> services.fleet().current().agents().stream().allMatch(AgentSnapshot::online));
        Thread.sleep(2000); // a few readings for the charts

        Node row = robot.lookup("#fleet-table .table-row-cell")
                .match((TableRow<FleetRow> r) ->
                        r.getItem() != null && r.getItem().name().equals("agent1"))
                .query();
        robot.doubleClickOn(row);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#agent-detail").tryQuery().isPresent());
        FleetView fleet = (FleetView) ui.window().pages().get(0);
        assertThat(fleet.detail().agent()).isEqualTo("agent1");

        ListView<String> images = robot.lookup("#detail-images").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> images.getItems().contains(bed.image("firefox")));
        LineChart<Number, Number> cpu = robot.lookup("#detail-cpu-chart").query();
        LineChart<Number, Number> ram = robot.lookup("#detail-ram-chart").query();
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> cpu.getData().get(0).getData().size() >= 3
                        && ram.getData().get(0).getData().size() >= 3);
        // The subscription is made in the background: give it a moment before the container starts.
        Thread.sleep(1000);

        // Started through agent1's own engine, as any other client of the engine would.
        AgentEngine engine = services.fleet().agent("agent1").engine();
        String name = "detail-" + bed.runId();
        String id = engine.create(new ContainerSpec(
                bed.image("firefox"), name, bed.testLabels(), Map.of(), 128 * MIB, 256, 0, 0, List.of()));
        engine.start(id);

        ListView<ContainerEvent> events = robot.lookup("#detail-events").queryListView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> events.getItems().stream()
                        .anyMatch(e -> e.containerId().equals(id) && e.action().equals("start")));
        // Newest first: the start comes before (above) the create.
        List<String> actions = events.getItems().stream()
                .filter(e -> e.containerId().equals(id))
                .map(ContainerEvent::action)
                .toList();
        assertThat(actions.indexOf("start")).isLessThan(actions.indexOf("create"));
        // The event makes the detail list the containers again: the new one is there, running.
        TableView<AgentContainer> containers =
                robot.lookup("#detail-containers").queryTableView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> containers.getItems().stream()
                        .anyMatch(c -> c.id().equals(id) && c.state().equals("running") && c.session() == null));
        Thread.sleep(500);
        Screenshots.capture("agent-detail");

        robot.clickOn("#detail-back");
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> robot.lookup("#fleet-table").tryQuery().isPresent());
        assertThat(fleet.detail()).isNull();
        engine.remove(id, true);
    }
}
