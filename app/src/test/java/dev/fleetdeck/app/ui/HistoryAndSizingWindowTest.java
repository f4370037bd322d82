package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.history.HistoryRange;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.cache.CachesView;
import dev.fleetdeck.ui.fleet.FleetView;
import dev.fleetdeck.ui.history.HistoryChart;
import dev.fleetdeck.ui.shell.Page;
import dev.fleetdeck.ui.sizing.SizingView;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The history charts' range switch and the Sizing page in a real window under Xvfb: the demo's
 * generated month behind every range, the advisor's cards with the hot agent first, and a chart
 * with fewer than two points saying "collecting…".
 */
@ExtendWith(ApplicationExtension.class)
class HistoryAndSizingWindowTest {
    @TempDir
    Path data;

    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui, services);
    }

    @Test
    void theRangeSwitchRedrawsEachRangeAndTheSizingPageListsTheHotAgentFirst(FxRobot robot) throws Exception {
        services = ConsoleStage.openDemo(data);
        services.prefillDemoHistory(42).get(2, TimeUnit.MINUTES);
        ui = ConsoleStage.show(services);

        // The fleet's last hour is drawn at first paint: the demo's generated hour, 15-s points.
        waitForPoints(robot, "#fleet-history-ram-chart", 200);
        assertThat(robot.lookup("#fleet-history-ram-collecting").query().isVisible())
                .isFalse();
        assertThat(axis(robot, "#fleet-history-ram-chart").getLabel()).isEqualTo("minutes ago");

        robot.clickOn("#" + HistoryChart.rangeId("fleet-history", HistoryRange.DAY));
        waitForAxis(robot, "#fleet-history-ram-chart", "hours ago", -24);
        waitForPoints(robot, "#fleet-history-ram-chart", 280);
        robot.clickOn("#" + HistoryChart.rangeId("fleet-history", HistoryRange.MONTH));
        waitForAxis(robot, "#fleet-history-ram-chart", "days ago", -30);
        waitForPoints(robot, "#fleet-history-ram-chart", 350);
        assertThat(robot.lookup("#" + HistoryChart.rangeId("fleet-history", HistoryRange.MONTH))
                        .queryAs(ToggleButton.class)
                        .isSelected())
                .isTrue();
        Screenshots.capture("fleet-history-demo-light");

        // The agent detail: the live 15 minutes first, its own 7 days one tab away.
        FleetView fleet = (FleetView) page(FleetView.class);
        robot.interact(() -> fleet.openDetail("sim-east-02"));
        robot.interact(() -> robot.lookup("#detail-chart-tabs")
                .queryAs(TabPane.class)
                .getSelectionModel()
                .select(1));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#" + HistoryChart.rangeId("detail-history", HistoryRange.WEEK));
        waitForAxis(robot, "#detail-history-ram-chart", "days ago", -7);
        waitForPoints(robot, "#detail-history-ram-chart", 330);
        assertThat(robot.lookup("#detail-history-source").queryAs(Label.class).getText())
                .contains("while Fleetdeck was running");
        Screenshots.capture("agent-history-demo-light");
        robot.interact(fleet::closeDetail);

        // Sizing: the advisor over the demo's week, the agent that runs hot first with its warning.
        Page sizing = page(SizingView.class);
        robot.interact(() -> ui.window().show(sizing));
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                // The method line is laid out with the cards, not before them: wait for both.
                () -> robot.lookup("#sizing-cards")
                                        .queryAs(VBox.class)
                                        .getChildren()
                                        .size()
                                > 3
                        && robot.lookup("#sizing-method").tryQuery().isPresent());
        VBox cards = robot.lookup("#sizing-cards").queryAs(VBox.class);
        Node first = cards.getChildren().get(0);
        assertThat(first.getId()).isEqualTo("sizing-card-sim-east-02");
        assertThat(((Label) ((VBox) first).getChildren().get(0)).getText())
                .startsWith("! sim-east-02 — RAM reached")
                .contains("no bigger override");
        assertThat(robot.lookup("#sizing-method").tryQuery()).isPresent();
        assertThat(robot.lookup("#sizing-heading").queryAs(Label.class).getText())
                .startsWith("Sizing over the last 7 days");
        Screenshots.capture("sizing-demo-light");

        // The caches chart: the demo's generated hour of hit rates, drawn as soon as the page shows.
        robot.interact(() -> ui.window().show(page(CachesView.class)));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> cacheLines(robot) >= 100);
        assertThat(robot.lookup("#cache-chart-collecting").query().isVisible()).isFalse();
    }

    /** The most points of any cache's line (the first series is the target line). */
    private static int cacheLines(FxRobot robot) {
        return ((LineChart<?, ?>) robot.lookup("#cache-chart").query())
                .getData().stream()
                        .skip(1)
                        .mapToInt(s -> s.getData().size())
                        .max()
                        .orElse(0);
    }

    @Test
    void aChartWithFewerThanTwoPointsSaysCollecting(FxRobot robot) throws Exception {
        // No generated past and nothing recorded: what a real fleet shows in its first seconds.
        services = ConsoleStage.openDemo(data);
        ui = ConsoleStage.show(services);
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> robot.lookup("#fleet-history-source")
                        .queryAs(Label.class)
                        .getText()
                        .contains("while Fleetdeck was running"));
        assertThat(robot.lookup("#fleet-history-ram-collecting")
                        .queryAs(Label.class)
                        .isVisible())
                .isTrue();
        assertThat(robot.lookup("#fleet-history-ram-collecting")
                        .queryAs(Label.class)
                        .getText())
                .isEqualTo("collecting…");
        assertThat(((LineChart<?, ?>) robot.lookup("#fleet-history-ram-chart").query()).getData())
                .allSatisfy(s -> assertThat(s.getData()).isEmpty());

        // The caches chart without a generated past: "collecting…" exactly while no line has two points.
        robot.interact(() -> ui.window().show(page(CachesView.class)));
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> robot.lookup("#cache-chart-collecting").tryQuery().isPresent());
        boolean[] seen = new boolean[2];
        robot.interact(() -> {
            // Read together on the FX thread: a sample landing between the two reads cannot split them.
            seen[0] = robot.lookup("#cache-chart-collecting").query().isVisible();
            seen[1] = cacheLines(robot) < 2;
        });
        assertThat(seen[0]).isEqualTo(seen[1]);
    }

    private Page page(Class<?> type) {
        return ui.window().pages().stream().filter(type::isInstance).findFirst().orElseThrow();
    }

    private static NumberAxis axis(FxRobot robot, String chart) {
        return (NumberAxis) ((LineChart<?, ?>) robot.lookup(chart).query()).getXAxis();
    }

    private static void waitForAxis(FxRobot robot, String chart, String label, double lower) throws Exception {
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> label.equals(axis(robot, chart).getLabel())
                        && axis(robot, chart).getLowerBound() == lower);
    }

    /** Until the chart's sessions line (the demo has no host figures) has at least {@code n} points. */
    private static void waitForPoints(FxRobot robot, String chart, int n) throws Exception {
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> ((LineChart<?, ?>) robot.lookup(chart).query())
                                .getData()
                                .get(1)
                                .getData()
                                .size()
                        >= n);
    }
}
