package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.fleet.FleetRow;
import dev.fleetdeck.ui.fleet.FleetView;
import dev.fleetdeck.ui.sessions.SessionsView;
import dev.fleetdeck.ui.shell.Page;
import dev.fleetdeck.ui.startup.AnalyzerView;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Ctrl+K on the demo fleet: an agent, a page and a session reached by typing. */
@ExtendWith(ApplicationExtension.class)
class CommandPaletteTest {
    @TempDir
    Path data;

    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui, services);
    }

    @Test
    void typingAnAgentAPageOrASessionTakesYouThere(FxRobot robot) throws Exception {
        services = ConsoleStage.openDemo(data);
        services.startDemoActivity(42);
        ui = ConsoleStage.show(services);
        WaitForAsyncUtils.waitFor(
                40,
                TimeUnit.SECONDS,
                () -> services.fleet().current().sessionCount() >= 5
                        && services.fleet().current().agents().stream().allMatch(AgentSnapshot::online));
        // The demo has no Redis: the status bar says so rather than staying silent.
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> "Redis: not configured"
                        .equals(robot.lookup("#status-redis").queryLabeled().getText()));

        AgentSnapshot agent = services.fleet().current().agents().get(1);
        String part = agent.name().substring(agent.name().indexOf('-') + 1); // e.g. "east-02"
        robot.interact(() -> ui.window().show(page(AnalyzerView.class)));
        robot.push(KeyCode.CONTROL, KeyCode.K);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ui.palette().isShowing()).isTrue();
        robot.write(part);
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        Screenshots.capture("command-palette");
        robot.push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(ui.palette().isShowing()).isFalse();
        assertThat(ui.window().current()).isInstanceOf(FleetView.class);
        assertThat(robot.lookup("#agent-search").queryTextInputControl().getText())
                .isEqualTo(agent.name());
        TableView<?> agents =
                robot.from(ui.window().current().view()).lookup(".table-view").queryAs(TableView.class);
        // The filtered rows are prepared off the FX thread: they arrive a moment after the search.
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> !agents.getItems().isEmpty()
                        && agents.getItems().stream()
                                .allMatch(a -> ((FleetRow) a).name().contains(agent.name())));

        robot.push(KeyCode.CONTROL, KeyCode.K);
        robot.write("drains");
        robot.push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ui.window().current().title()).isEqualTo("Drains");

        // A session id matches its one line: Down stays on it (the last), Up comes back to it.
        Session session = services.fleet().current().sessions().findFirst().orElseThrow();
        robot.push(KeyCode.CONTROL, KeyCode.K);
        robot.write(session.sessionId());
        robot.push(KeyCode.DOWN).push(KeyCode.UP);
        robot.push(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ui.window().current()).isInstanceOf(SessionsView.class);
        assertThat(robot.lookup("#session-search").queryTextInputControl().getText())
                .isEqualTo(session.sessionId());

        robot.push(KeyCode.CONTROL, KeyCode.K);
        WaitForAsyncUtils.waitForFxEvents();
        robot.push(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ui.palette().isShowing()).isFalse();
        assertThat(ui.window().current()).isInstanceOf(SessionsView.class);
    }

    private Page page(Class<?> type) {
        return ui.window().pages().stream().filter(type::isInstance).findFirst().orElseThrow();
    }
}
