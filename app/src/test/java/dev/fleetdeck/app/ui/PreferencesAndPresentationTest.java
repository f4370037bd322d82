package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleOptions;
import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.app.Wiring;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.shell.Page;
import dev.fleetdeck.ui.shell.UiPreferences;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** What the window remembers between runs, and presentation mode with its tour. */
@ExtendWith(ApplicationExtension.class)
class PreferencesAndPresentationTest {
    @TempDir
    Path data;

    private Preferences node;
    private Services services;
    private ConsoleUi ui;
    private Stage stage;

    @BeforeEach
    void prefs() {
        node = Preferences.userRoot().node("dev/fleetdeck-test/" + UUID.randomUUID());
    }

    @AfterEach
    void close() throws Exception {
        closeWindow();
        node.removeNode();
    }

    private void open(ConsoleOptions options) throws Exception {
        Wiring wiring = Wiring.standard(Map.of("FLEETDECK_DATA_DIR", data.toString()), data, s -> o -> 0);
        services = wiring.services().open(options, p -> {});
        stage = FxToolkit.registerStage(Stage::new);
        FxToolkit.setupStage(s -> {
            ui = new ConsoleUi(services, services.label());
            ui.show(s, new UiPreferences(node), options);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void closeWindow() throws Exception {
        if (ui != null) {
            ui.close();
            ui = null;
        }
        FxToolkit.cleanupStages();
        if (services != null) {
            services.close();
            services = null;
        }
    }

    private static ConsoleOptions demo() {
        return new ConsoleOptions(Optional.empty(), true, 42);
    }

    @Test
    void theThemeTheLastViewTheWindowSizeAndColumnWidthsComeBack(FxRobot robot) throws Exception {
        open(demo());
        Page analyzer = ui.window().page("Analyzer").orElseThrow();
        robot.interact(() -> {
            robot.lookup("#agent-search").queryTextInputControl().setText("west");
            ui.window().show(analyzer);
            ui.themes().themeProperty().set(ThemeManager.Theme.DARK);
            stage.setWidth(1234);
            stage.setHeight(777);
        });
        robot.interact(() -> ui.savePreferences());
        closeWindow();

        open(demo());
        assertThat(ui.themes().themeProperty().get()).isEqualTo(ThemeManager.Theme.DARK);
        assertThat(ui.window().current().title()).isEqualTo("Analyzer");
        assertThat(stage.getWidth()).isEqualTo(1234);
        assertThat(stage.getHeight()).isEqualTo(777);
        robot.interact(() -> ui.window().show(ui.window().pages().get(0)));
        assertThat(robot.lookup("#agent-search").queryTextInputControl().getText())
                .isEqualTo("west");
        robot.interact(() -> ui.themes().themeProperty().set(ThemeManager.Theme.LIGHT));
    }

    @Test
    void presentationModeGoesFullScreenWithLargerTypeToursTheViewsAndEscapeLeaves(FxRobot robot) throws Exception {
        open(new ConsoleOptions(Optional.empty(), true, 42, true, Duration.ofSeconds(1)));
        assertThat(stage.isFullScreen()).isTrue();
        assertThat(stage.getScene().getRoot().getStyleClass()).contains("presentation");
        Page first = ui.window().current();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> ui.window().current() != first);
        Screenshots.capture("presentation-mode");

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !stage.isFullScreen());
        assertThat(stage.getScene().getRoot().getStyleClass()).doesNotContain("presentation");
        Page after = ui.window().current();
        Thread.sleep(1500);
        assertThat(ui.window().current()).as("the tour stopped").isSameAs(after);
        assertThat(ui.presentation().touring()).isFalse();
    }
}
