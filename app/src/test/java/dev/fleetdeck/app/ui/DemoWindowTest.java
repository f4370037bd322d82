package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.launch.LaunchesView;
import dev.fleetdeck.ui.shell.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The demo fleet as a presenter shows it: alive without Docker, every view, both themes. */
@ExtendWith(ApplicationExtension.class)
class DemoWindowTest {
    @TempDir
    Path data;

    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui, services);
    }

    @Test
    void theDemoLaunchesSessionsByItselfAndEveryViewRendersInBothThemes(FxRobot robot) throws Exception {
        services = ConsoleStage.openDemo(data);
        services.startDemoActivity(42);
        services.startPools();
        ui = ConsoleStage.show(services);
        assertThat(robot.lookup("#demo-banner").queryLabeled().getText()).contains("SIMULATED");
        LaunchesView launches = (LaunchesView) ui.window().pages().stream()
                .filter(p -> p instanceof LaunchesView)
                .findFirst()
                .orElseThrow();
        robot.interact(() -> ui.window().show(launches));
        // The activity launches through the real pipeline on the simulated engines.
        WaitForAsyncUtils.waitFor(
                40,
                TimeUnit.SECONDS,
                () -> launches.chart().records().stream()
                                .filter(r -> !r.sessionId().startsWith("hist-"))
                                .filter(StartupRecord::ready)
                                .count()
                        >= 3);

        for (String theme : List.of("light", "dark")) {
            if (theme.equals("dark")) {
                robot.clickOn("#theme-toggle");
                WaitForAsyncUtils.waitForFxEvents();
                assertThat(Application.getUserAgentStylesheet()).containsIgnoringCase("dark");
            }
            for (Page page : ui.window().pages()) {
                robot.interact(() -> ui.window().show(page));
                Thread.sleep(700);
                Screenshots.capture(page.title().toLowerCase(Locale.ROOT) + "-demo-" + theme);
            }
        }
        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).containsIgnoringCase("light");
    }
}
