package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.drain.AuditAction;
import dev.fleetdeck.drain.AuditEntry;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.drain.DrainsView;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import org.controlsfx.control.TaskProgressView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** A drain from the window: preview, progress while sessions remain, the badge, cancel, the audit log. */
@ExtendWith(ApplicationExtension.class)
class DrainWindowTest {
    private static final String AGENT = "sim-east-01";

    @TempDir
    Path data;

    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui, services);
    }

    private AgentState state() {
        return services.fleet().current().agents().stream()
                .filter(a -> a.name().equals(AGENT))
                .map(AgentSnapshot::state)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aDrainStartedFromTheDialogShowsProgressAndTheAgentBadgeAndCanBeCancelled(FxRobot robot) throws Exception {
        services = ConsoleStage.openDemo(data);
        ui = ConsoleStage.show(services);
        // The preview counts only agents that answer: wait until every one has been read once.
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> services.fleet().current().agents().stream().allMatch(a -> a.state() == AgentState.ENABLED));
        int sessions = services.fleet().current().agents().stream()
                .filter(a -> a.name().equals(AGENT))
                .findFirst()
                .orElseThrow()
                .sessionCount();
        assertThat(sessions).as("the demo seeds sessions on every agent").isPositive();

        DrainsView drains = (DrainsView) ui.window().page("Drains").orElseThrow();
        robot.interact(() -> ui.window().show(drains));
        robot.clickOn("#drain-button");
        String preview = robot.lookup("#drain-preview").queryTextInputControl().getText();
        assertThat(preview)
                .contains("Drain preview of " + AGENT)
                .contains("sessions affected: " + sessions)
                .contains("verdict: fits with N+2 headroom");
        robot.clickOn("#drain-confirm");

        TaskProgressView<?> progress = robot.lookup("#drain-progress").query();
        // A task is read on the FX thread only.
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> progress.getTasks().size() == 1
                                && String.valueOf(progress.getTasks().get(0).getMessage())
                                        .contains("session(s) left"))
                        .get());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> state() == AgentState.DRAINING);
        Thread.sleep(600);
        Screenshots.capture("drain-in-progress");

        robot.clickOn("#cancel-drain-button");
        // The preview counts only agents that answer: wait until every one has been read once.
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> services.fleet().current().agents().stream().allMatch(a -> a.state() == AgentState.ENABLED));
        assertThat(services.fleet().current().agents().stream()
                        .filter(a -> a.name().equals(AGENT))
                        .findFirst()
                        .orElseThrow()
                        .sessionCount())
                .as("cancel stops nothing")
                .isEqualTo(sessions);
        TableView<AuditEntry> audit = robot.lookup("#audit-table").queryTableView();
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> audit.getItems().stream()
                        .anyMatch(e -> e.action() == AuditAction.CANCEL && AGENT.equals(e.agent())));
        assertThat(audit.getItems()).anyMatch(e -> e.action() == AuditAction.DRAIN && AGENT.equals(e.agent()));
    }
}
