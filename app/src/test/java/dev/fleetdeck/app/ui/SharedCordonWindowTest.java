package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.shared.FleetProcesses;
import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.ui.drain.DrainsView;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two consoles of one workstation: a cordon from another process (a separate JVM running
 * {@code fleetdeck --demo cordon}) shows in this window's fleet badge, its tooltip and the Drains
 * page within one refresh; Enable in the window is what the other process then reads.
 */
@ExtendWith(ApplicationExtension.class)
class SharedCordonWindowTest {
    private static final String AGENT = "sim-east-02";

    @TempDir
    Path data;

    private Services services;
    private ConsoleUi ui;
    private FleetProcesses other;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui, services);
        if (other != null) {
            other.close();
        }
    }

    private AgentSnapshot agent() {
        return services.fleet().current().agents().stream()
                .filter(a -> a.name().equals(AGENT))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anotherProcesssCordonShowsWithinOneRefreshAndEnableHereReachesIt(FxRobot robot) throws Exception {
        services = ConsoleStage.openDemo(data);
        ui = ConsoleStage.show(services);
        other = new FleetProcesses(List.of("--demo"), data);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> agent().state() == AgentState.ENABLED);

        ProcessRun cordon = other.run("cordon", AGENT, "--reason", "swap the disks");
        assertThat(cordon.exitCode()).as(cordon.stderr()).isZero();
        long cordonedAt = System.nanoTime();

        long refreshMillis = services.fleet().interval().toMillis();
        // One refresh, plus the one under way when the file changed.
        WaitForAsyncUtils.waitFor(
                2 * refreshMillis + 500, TimeUnit.MILLISECONDS, () -> agent().state() == AgentState.CORDONED);
        long seenMillis = (System.nanoTime() - cordonedAt) / 1_000_000;
        assertThat(seenMillis).isLessThanOrEqualTo(2 * refreshMillis + 500);
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(".state-cordoned").queryAll().stream()
                                .anyMatch(n -> n instanceof Label l
                                        && "Cordoned".equals(l.getText())
                                        && tooltipOf(n).contains("swap the disks")))
                        .get());

        DrainsView drains = (DrainsView) ui.window().page("Drains").orElseThrow();
        robot.interact(() -> ui.window().show(drains));
        TableView<AdminEntry> out = robot.lookup("#out-of-placement-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> out.getItems().stream()
                                .anyMatch(e -> e.agent().equals(AGENT) && "swap the disks".equals(e.reason())))
                        .get());

        robot.clickOn("#enable-" + AGENT);
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> services.adminStates().entry(AGENT).isEmpty());
        assertThat(other.agentJson(AGENT).path("state").asText()).isEqualTo("enabled");
        WaitForAsyncUtils.waitFor(
                2 * refreshMillis + 500,
                TimeUnit.MILLISECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> out.getItems().isEmpty()).get());
    }

    /** The tooltip of the fleet table cell holding {@code badge}. */
    private static String tooltipOf(Node badge) {
        for (Node n = badge; n != null; n = n.getParent()) {
            if (n instanceof TableCell<?, ?> c && c.getTooltip() != null) {
                return c.getTooltip().getText();
            }
        }
        return "";
    }
}
