package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleOptions;
import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.fleet.FleetView;
import dev.fleetdeck.ui.shell.Page;
import dev.fleetdeck.ui.shell.UiPreferences;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window on the screen it opens on, and at the screen sizes people have: it fits the
 * screen's visual bounds, and no visible label, button or table cell shows its text cut short.
 * Run under an Xvfb of each size for the screenshots (window-WxH-page.png); at other sizes that
 * fit the display, the stage is resized, which lays the views out exactly as that screen would.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenFitTest {
    private static final List<Rectangle2D> SIZES = List.of(
            new Rectangle2D(0, 0, 1280, 720),
            new Rectangle2D(0, 0, 1366, 768),
            new Rectangle2D(0, 0, 1600, 1000),
            new Rectangle2D(0, 0, 1920, 1080));

    @TempDir
    Path data;

    private Preferences node;
    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui, services);
        if (node != null) {
            node.removeNode();
        }
    }

    @Test
    void theWindowFitsTheScreenItOpensOnAndNoVisibleTextIsTruncatedAtAnySize(FxRobot robot) throws Exception {
        node = Preferences.userRoot().node("dev/fleetdeck-test/" + UUID.randomUUID());
        services = ConsoleStage.openDemo(data);
        services.startDemoActivity(42);
        Stage stage = FxToolkit.registerStage(Stage::new);
        // Not FxToolkit.setupStage: its fixed 60 s limit is too short on a loaded build machine.
        WaitForAsyncUtils.asyncFx(() -> {
                    ui = new ConsoleUi(services, services.label());
                    ui.show(stage, new UiPreferences(node), new ConsoleOptions(Optional.empty(), true, 42));
                })
                .get(5, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitForFxEvents();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertThat(stage.getX()).isGreaterThanOrEqualTo(screen.getMinX());
        assertThat(stage.getY()).isGreaterThanOrEqualTo(screen.getMinY());
        assertThat(stage.getX() + stage.getWidth()).isLessThanOrEqualTo(screen.getMaxX());
        assertThat(stage.getY() + stage.getHeight()).isLessThanOrEqualTo(screen.getMaxY());

        String size = (int) screen.getWidth() + "x" + (int) screen.getHeight();
        List<String> truncated = new ArrayList<>(everyPage(robot, stage, "window-" + size + "-"));
        for (Rectangle2D s : SIZES) {
            if (s.getWidth() <= screen.getWidth() && s.getHeight() <= screen.getHeight()) {
                robot.interact(() -> {
                    stage.setX(screen.getMinX());
                    stage.setY(screen.getMinY());
                    stage.setWidth(s.getWidth());
                    stage.setHeight(s.getHeight());
                });
                truncated.addAll(everyPage(robot, stage, null));
            }
        }
        assertThat(truncated).as("texts cut short").isEmpty();
    }

    /** Shows every page; returns "page @ WxH: text → shown" for each truncated text on it. */
    private List<String> everyPage(FxRobot robot, Stage stage, String screenshotPrefix) throws Exception {
        List<String> truncated = new ArrayList<>();
        for (Page page : ui.window().pages()) {
            robot.interact(() -> ui.window().show(page));
            Thread.sleep(600);
            WaitForAsyncUtils.waitForFxEvents();
            String where = page.title() + " @ " + (int) stage.getWidth() + "x" + (int) stage.getHeight();
            robot.interact(() -> {
                // Lay out first: a live figure set since the last pulse has not reached its Text yet.
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                collect(stage.getScene().getRoot(), where, truncated);
            });
            if (screenshotPrefix != null) {
                Screenshots.capture(screenshotPrefix + page.title().toLowerCase(Locale.ROOT));
            }
        }
        // The agent detail (its disk box, its containers' writable layers) in place of the fleet table.
        FleetView fleet = (FleetView) ui.window().pages().get(0);
        robot.interact(() -> {
            ui.window().show(fleet);
            fleet.openDetail(services.fleet().current().agents().get(0).name());
        });
        Thread.sleep(600);
        WaitForAsyncUtils.waitForFxEvents();
        String where = "Agent detail @ " + (int) stage.getWidth() + "x" + (int) stage.getHeight();
        robot.interact(() -> {
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            collect(stage.getScene().getRoot(), where, truncated);
        });
        if (screenshotPrefix != null) {
            Screenshots.capture(screenshotPrefix + "agent-detail");
        }
        robot.interact(fleet::closeDetail);
        return truncated;
    }

    /** Every visible Labeled under {@code n} whose displayed text is not its text. */
    private static void collect(Node n, String where, List<String> truncated) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank() && l.getWidth() > 0) {
            for (Node child : l.getChildrenUnmodifiable()) {
                // Cut short is what JavaFX shows when the text does not fit: a shorter text ending in the ellipsis.
                if (child instanceof Text t
                        && child.getStyleClass().contains("text")
                        && !l.getText().equals(t.getText())
                        && t.getText().endsWith(l.getEllipsisString())) {
                    truncated.add(where + ": \"" + l.getText() + "\" shown as \"" + t.getText() + "\"");
                }
            }
        }
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, where, truncated);
            }
        }
    }
}
