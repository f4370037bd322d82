package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetdeck.alert.AlertBook;
import dev.fleetdeck.app.ConsoleUi;
import dev.fleetdeck.app.Services;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.pool.StagingPool;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.story.StoryAction;
import dev.fleetdeck.story.StoryPlayer;
import dev.fleetdeck.story.StoryStep;
import dev.fleetdeck.testbed.Screenshots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@code fleetdeck --demo --story} in a real window: paused with Space, stepped with →, each step's
 * caption in the bar and its page shown, and the fleet in the state the caption tells of; R plays
 * it again from a fleet put back as it was.
 */
@ExtendWith(ApplicationExtension.class)
class DemoStoryWindowTest {
    @TempDir
    Path data;

    private Services services;
    private ConsoleUi ui;

    @AfterEach
    void close() throws Exception {
        ConsoleStage.close(ui, services);
    }

    private AgentSnapshot agent(String name) {
        return services.fleet().current().agents().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private void press(FxRobot robot, KeyCode key) {
        robot.press(key).release(key);
    }

    /** The bar shows step {@code index} of the script, its caption whole, and its page. */
    private void atStep(FxRobot robot, StoryPlayer player, int index) throws Exception {
        StoryStep step = player.steps().get(index);
        Label caption = robot.lookup("#story-caption").queryAs(Label.class);
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> step.caption().equals(caption.getText()));
        } catch (TimeoutException e) {
            throw new AssertionError("focus " + caption.getScene().getFocusOwner() + " state " + player.state(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        String position = robot.lookup("#story-position").queryAs(Label.class).getText();
        assertThat(position)
                .startsWith((index + 1) + "/" + player.steps().size() + " · ")
                .endsWith(" / 5:00 · paused");
        if (index > 0) {
            assertThat(position).as("→ moves the clock to the step's time").contains(" · " + clock(step.at()) + " / ");
        }
        assertThat(ui.window().current().title()).isEqualTo(step.page());
    }

    private static String clock(Duration d) {
        return d.toMinutes() + ":" + String.format("%02d", d.toSecondsPart());
    }

    @Test
    void theStoryStepsThroughItsCaptionsWithTheKeysAndTheFleetDoesWhatTheyTell(FxRobot robot) throws Exception {
        services = ConsoleStage.openDemo(data);
        ui = ConsoleStage.show(services);
        AtomicReference<AlertBook> alerts = new AtomicReference<>(AlertBook.empty());
        services.addAlertListener(alerts::set);
        services.startAlerts(line -> {});
        services.startPools();
        List<StartupRecord> launched = new CopyOnWriteArrayList<>();
        services.launcher().addFinishedListener(launched::add);
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> services.fleet().current().agents().stream().allMatch(a -> a.state() == AgentState.ENABLED));
        StoryPlayer player = services.startStory(42).orElseThrow();
        robot.interact(() -> ui.showStory(player));
        List<StoryStep> steps = player.steps();
        String lost = ((StoryAction.AgentDown) steps.get(2).action()).agent();
        String full = ((StoryAction.RamPressure) steps.get(4).action()).agent();
        assertThat(services.startStory(42).orElseThrow())
                .as("one story per console")
                .isSameAs(player);

        press(robot, KeyCode.SPACE);
        atStep(robot, player, 0);
        assertThat(services.stagingPools().pools())
                .filteredOn(p -> p.workspaceType().equals("firefox"))
                .extracting(StagingPool::zone, StagingPool::size)
                .containsExactlyInAnyOrder(tuple("east", 3), tuple("west", 3));
        WaitForAsyncUtils.waitFor(
                60,
                TimeUnit.SECONDS,
                () -> services.stagingPools().status().stream()
                        .filter(p -> p.workspaceType().equals("firefox"))
                        .allMatch(p -> p.ready() == 3));

        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 1);
        WaitForAsyncUtils.waitFor(
                40,
                TimeUnit.SECONDS,
                () -> launched.stream()
                                .filter(r -> r.user().startsWith("morning-"))
                                .count()
                        == 12);
        assertThat(launched)
                .filteredOn(r -> r.user().startsWith("morning-"))
                .as("the pools took part of the wave")
                .extracting(StartupRecord::staged)
                .containsOnly(true, false);

        int sessionsOnLost = agent(lost).sessionCount();
        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 2);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> agent(lost).state() == AgentState.OFFLINE);
        Label status = robot.lookup("#status-agents").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().contains("offline: " + lost));

        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 3);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> agent(lost).state() == AgentState.ENABLED);
        assertThat(agent(lost).sessionCount())
                .as("its sessions kept running")
                .isGreaterThanOrEqualTo(sessionsOnLost - 1);

        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 4);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> agent(full).memPercent() > 85);
        assertThat(agent(full).memPercent()).isLessThan(95);

        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 5); // no sizing advisor in this build: the caption as written

        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 6);
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> agent(full).state() == AgentState.DRAINING || agent(full).state() == AgentState.DRAINED);
        robot.interact(() -> ui.presentation().enter(Duration.ZERO));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(800);
        Screenshots.capture("demo-story-presentation");
        robot.interact(() -> ui.presentation().leave());

        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 7);
        WaitForAsyncUtils.waitFor(
                40,
                TimeUnit.SECONDS,
                () -> launched.stream()
                                .filter(r -> r.user().startsWith("dev-") && !r.ready())
                                .count()
                        >= 20);

        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 8);
        try {
            WaitForAsyncUtils.waitFor(
                    60, TimeUnit.SECONDS, () -> alerts.get().active().containsKey("startup.failing/1h"));
        } catch (TimeoutException e) {
            throw new AssertionError("alerts: " + alerts.get().active().keySet(), e);
        }

        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 9);
        press(robot, KeyCode.RIGHT);
        atStep(robot, player, 9);

        press(robot, KeyCode.R);
        Label caption = robot.lookup("#story-caption").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> steps.get(0).caption().equals(caption.getText()));
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> agent(full).state() == AgentState.ENABLED && agent(full).memPercent() < 85);
        assertThat(agent(lost).state()).isEqualTo(AgentState.ENABLED);
    }
}
