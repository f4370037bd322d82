package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.DrainBackends;
import dev.fleetdeck.app.OpenedFleet;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.MetricsConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.testbed.TestBed;
import dev.fleetdeck.ui.fleet.FleetRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The fleet view with the test bed's Prometheus: host RAM beside the containers', Docker's marked. */
@RealTestBed
@ExtendWith(ApplicationExtension.class)
class HostMetricsWindowTest {
    @TempDir
    Path dir;

    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui);
        if (services != null) {
            services.fleet().close();
        }
    }

    @Test
    void theFleetViewShowsHostRamWherePrometheusKnowsItAndMarksDockersFiguresElsewhere(FxRobot robot, TestBed bed)
            throws Exception {
        AgentConfig known = bed.agentConfigWithExporter("agent1");
        AgentConfig a2 = bed.agentConfig("agent2");
        AgentConfig unknown = new AgentConfig(a2.name(), a2.host(), null, a2.zone(), true, 0, 0, false, "127.0.0.1:1");
        // ramWarnPercent 1: this host's RAM is above it, the containers' sum of an idle agent is not.
        FleetConfig config = new FleetConfig(
                Optional.empty(),
                List.of(known, unknown),
                Optional.empty(),
                List.of(new WorkspaceType("firefox", bed.image("firefox"), 0.25, 128L << 20, CpuAllocation.SHARES, 30)),
                new FleetConfig.Settings(
                        Duration.ofMillis(500), Duration.ofSeconds(5), 1, 99, 10, Optional.empty(), Optional.empty()),
                Optional.of(MetricsConfig.of(bed.prometheus())));
        Map<String, AgentEngine> engines = new LinkedHashMap<>();
        List.of("agent1", "agent2").forEach(a -> engines.put(a, bed.engine(a)));
        services = new Services(
                new OpenedFleet(config, engines, "test bed with Prometheus", null),
                new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper()),
                null,
                DrainBackends.open(Optional.empty(), false, dir, Json.mapper()),
                p -> {});
        ui = ConsoleStage.show(services);

        TableView<FleetRow> rows = robot.lookup("#fleet-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> rows.getItems().size() == 2
                        && rows.getItems().stream().allMatch(r -> r.snapshot().online())
                        && rows.getItems().get(0).snapshot().host().known()
                        && rows.getItems().get(1).snapshot().host().problem() != null);
        // The cells and tiles follow with the batch the FX thread applies after the rows' snapshots
        // are set off it: waited for.
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> robot.lookup("#memory-tile .tile-value")
                                .queryLabeled()
                                .getText()
                                .contains("hosts")
                        && robot.lookup("#fleet-table .usage-bar .usage-text").queryAllAs(Labeled.class).stream()
                                .anyMatch(l -> l.getText().endsWith("(docker)")));
        WaitForAsyncUtils.waitForFxEvents();

        List<String> texts = robot.lookup("#fleet-table .usage-bar .usage-text").queryAllAs(Labeled.class).stream()
                .map(Labeled::getText)
                .toList();
        assertThat(texts).anySatisfy(t -> assertThat(t).matches("host \\d+ % .* · ctr .*"));
        assertThat(texts).anySatisfy(t -> assertThat(t).endsWith("(docker)"));
        AgentSnapshot one = rows.getItems().get(0).snapshot();
        assertThat(one.ramPercentForWarnings())
                .isEqualTo(one.host().figures().memPercent())
                .isGreaterThan(1);
        // The RAM warning goes by the host: amber on agent1 (host RAM over 1 %).
        assertThat(robot.lookup("#fleet-table .usage-bar.warn").queryAll()).isNotEmpty();
        assertThat(robot.lookup("#memory-tile .tile-value").queryLabeled().getText())
                .contains("hosts");
        Thread.sleep(1500);
        Screenshots.capture("fleet-host-metrics");
    }
}
