package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.ui.fleet.Sparkline;
import dev.fleetdeck.ui.launch.LaunchesView;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The canvases draw in the theme's colours: switching to dark, or to presentation mode, recolours them. */
@ExtendWith(ApplicationExtension.class)
class ChartThemeColoursTest {
    @TempDir
    Path data;

    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui, services);
    }

    @Test
    void switchingThemeRecoloursTheTimelineAndTheSparklines(FxRobot robot) throws Exception {
        services = ConsoleStage.openDemo(data);
        ui = ConsoleStage.show(services);
        LaunchesView launches = (LaunchesView) ui.window().page("Launches").orElseThrow();
        robot.interact(() -> ui.window().show(launches));
        WaitForAsyncUtils.waitForFxEvents();
        // Light: Primer's -color-fg-default, the timeline's text; -color-accent-fg, creation.
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> launches.chart().colors().text.get().equals(Color.web("#24292f")));
        Color lightCreate = launches.chart().colors().create.get();
        assertThat(lightCreate).isEqualTo(Color.web("#0969da"));

        robot.interact(() -> ui.themes().themeProperty().set(ThemeManager.Theme.DARK));
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> launches.chart().colors().text.get().getBrightness() > 0.8);
        assertThat(launches.chart().colors().create.get()).isNotEqualTo(lightCreate);

        robot.interact(() -> ui.window().show(ui.window().pages().get(0)));
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> robot.lookup(".sparkline").tryQuery().isPresent());
        Sparkline spark = robot.lookup(".sparkline").query();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !spark.color().equals(Color.web("#0969da")));

        robot.interact(() -> ui.themes().themeProperty().set(ThemeManager.Theme.LIGHT));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> spark.color().equals(Color.web("#0969da")));
    }

    @Test
    void presentationModeDrawsTheChartsInTheThemesStrongerColours(FxRobot robot) throws Exception {
        services = ConsoleStage.openDemo(data);
        ui = ConsoleStage.show(services);
        LaunchesView launches = (LaunchesView) ui.window().page("Launches").orElseThrow();
        robot.interact(() -> ui.window().show(launches));
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> launches.chart().colors().ready.get().equals(Color.web("#1a7f37")));

        robot.interact(() -> ui.presentation().enter(Duration.ZERO));
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> !launches.chart().colors().ready.get().equals(Color.web("#1a7f37")));
        robot.interact(() -> ui.presentation().leave());
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> launches.chart().colors().ready.get().equals(Color.web("#1a7f37")));
    }
}
