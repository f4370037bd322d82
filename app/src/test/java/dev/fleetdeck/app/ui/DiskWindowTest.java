package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.DrainBackends;
import dev.fleetdeck.app.OpenedFleet;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.DiskSettings;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.MetricsConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.ContainerSpec;
import dev.fleetdeck.fleet.SessionLabels;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Disk in the window on the test bed's engines: the fleet table's Disk column by level with the
 * whole account in its tooltip, and the agent detail's disk by kind, budget and how old, with each
 * container's writable layer.
 */
@RealTestBed
@ExtendWith(ApplicationExtension.class)
class DiskWindowTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close(TestBed bed) throws Exception {
        ConsoleStage.close(ui, services);
        bed.removeTestContainers();
    }

    @Test
    void theFleetShowsDiskByLevelAndTheDetailByKindBudgetAgeAndWritableLayer(FxRobot robot, TestBed bed)
            throws Exception {
        // agent1's filesystem from node-exporter (this machine's, over 30 % full); agent3 without.
        AgentConfig one = bed.agentConfigWithExporter("agent1");
        AgentConfig three = bed.agentConfig("agent3");
        // Warn at 30 %: this machine's filesystem is past it, agent3's Docker is far within its budget.
        FleetConfig config = new FleetConfig(
                Optional.empty(),
                List.of(one, three),
                Optional.empty(),
                List.of(new WorkspaceType(
                        "plain",
                        bed.image("plain"),
                        0.25,
                        64 * MIB,
                        CpuAllocation.SHARES,
                        30,
                        0,
                        null,
                        Map.of(),
                        3L << 30)),
                new FleetConfig.Settings(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(5),
                        85,
                        95,
                        10,
                        Optional.empty(),
                        Optional.empty(),
                        FleetConfig.Settings.DEFAULT_KEEPER_LEASE,
                        new DiskSettings(Duration.ofSeconds(10), 30, 99)),
                Optional.of(MetricsConfig.of(bed.prometheus())));
        Map<String, AgentEngine> engines = new LinkedHashMap<>();
        engines.put("agent1", bed.engine("agent1"));
        engines.put("agent3", bed.engine("agent3"));
        Map<String, String> labels = new HashMap<>(bed.testLabels());
        labels.putAll(Map.of(
                SessionLabels.SESSION,
                "disk-window",
                SessionLabels.USER,
                "ada",
                SessionLabels.WORKSPACE,
                "plain",
                SessionLabels.CORES,
                "0.25",
                SessionLabels.MEMORY,
                String.valueOf(64 * MIB)));
        String id = engines.get("agent3")
                .create(new ContainerSpec(
                        bed.image("plain"),
                        "disk-window-" + bed.runId(),
                        labels,
                        Map.of(),
                        64 * MIB,
                        256,
                        0,
                        0,
                        List.of("sh", "-c", "dd if=/dev/zero of=/fill bs=1048576 count=20 && sleep 600")));
        engines.get("agent3").start(id);
        Thread.sleep(1500); // the 20 MiB written before the first disk read
        services = new Services(
                new OpenedFleet(config, engines, "test bed disk", null),
                new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper()),
                null,
                DrainBackends.open(Optional.empty(), false, dir, Json.mapper()),
                p -> {});
        ui = ConsoleStage.show(services);

        TableView<FleetRow> rows = robot.lookup("#fleet-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () -> rows.getItems().size() == 2
                        && rows.getItems().stream()
                                .allMatch(r -> r.snapshot().online()
                                        && r.snapshot().disk().known()
                                        && r.snapshot().userSessionCount()
                                                == (r.name().equals("agent3") ? 1 : 0))
                        && rows.getItems().get(0).snapshot().host().known());
        Thread.sleep(1000);
        WaitForAsyncUtils.waitForFxEvents();

        // agent1 warns by its filesystem (amber); agent3 is judged by Docker against 80 GiB + 3 GiB.
        List<String> warned =
                robot.lookup("#fleet-table .usage-bar.warn .usage-text").queryAllAs(Labeled.class).stream()
                        .map(Labeled::getText)
                        .toList();
        assertThat(warned).anySatisfy(t -> assertThat(t).matches("\\d+ % · [0-9.]+ MiB"));
        List<String> texts = robot.lookup("#fleet-table .usage-bar .usage-text").queryAllAs(Labeled.class).stream()
                .map(Labeled::getText)
                .toList();
        assertThat(texts).anySatisfy(t -> assertThat(t).matches("0 % · 2[0-9]\\.[0-9] MiB"));
        List<String> tips = robot.lookup("#fleet-table .table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTooltip() != null)
                .map(c -> c.getTooltip().getText())
                .toList();
        assertThat(tips)
                .anySatisfy(tip -> assertThat(tip)
                        .startsWith("Disk as of")
                        .contains("Budget 83.0 GiB = 80 GiB + 1 session's diskPerSession: Docker at 0 %")
                        .contains("Filesystem of the data root: unknown")
                        .contains("Warning above 30 %, critical above 99 %")
                        .containsPattern(
                                "Docker [0-9.]+ MiB: images [0-9.]+ MiB · containers 2[01]\\.[0-9] MiB · volumes 0 B"));
        assertThat(tips)
                .anySatisfy(
                        tip -> assertThat(tip)
                                .startsWith("Disk as of")
                                .containsPattern(
                                        "Filesystem of the data root [0-9.]+ GiB of [0-9.]+ GiB \\(\\d+ %\\), from node-exporter"));
        Screenshots.capture("fleet-disk");

        robot.interact(() -> ((FleetView) ui.window().pages().get(0)).openDetail("agent3"));
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> robot.lookup("#detail-disk").tryQuery().isPresent());
        TableView<AgentContainer> containers =
                robot.lookup("#detail-containers").queryTableView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> containers.getItems().stream().anyMatch(c -> c.id().equals(id) && c.writableBytes() >= 20 * MIB));
        AgentContainer session = containers.getItems().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(session.writableBytes()).isBetween(20 * MIB, 21 * MIB);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#detail-containers .table-cell").queryAllAs(Labeled.class).stream()
                        .map(Labeled::getText))
                .anySatisfy(t -> assertThat(t).matches("20\\.[0-9] MiB"));
        List<String> lines = ((FlowPane) robot.lookup("#detail-disk").query())
                .getChildren().stream().map(n -> ((Label) n).getText()).toList();
        assertThat(lines.get(0)).matches("Disk as of \\d+ s ago \\(read every 10 s\\)");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("Budget 83.0 GiB = 80 GiB + 1 session's diskPerSession"));
        Thread.sleep(500);
        Screenshots.capture("agent-detail-disk");
    }
}
