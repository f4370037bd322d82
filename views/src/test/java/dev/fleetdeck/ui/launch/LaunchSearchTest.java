package dev.fleetdeck.ui.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.analytics.LaunchSearch;
import dev.fleetdeck.startup.AnalysisFixtures;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.ui.common.Background;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Last month's slow kali launch is found among stored launches and drawn beside another. */
@ExtendWith(ApplicationExtension.class)
class LaunchSearchTest {
    @SuppressWarnings("TimeInStaticInitializer") // one "now" for every test of the class, on purpose
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        pool.shutdownNow();
    }

    @Test
    void searchFindsStoredLaunchesByEveryCriterionAndDrawsTwoSideBySide(FxRobot robot) throws Exception {
        List<StartupRecord> all = new ArrayList<>();
        try (JournalStartupStore store = new JournalStartupStore(dir.resolve("startups.jsonl"), Json.mapper())) {
            for (int i = 0; i < 200; i++) {
                // 40 days of launches: most are outside any 7-day window.
                StartupRecord r = AnalysisFixtures.launch(
                        "s-" + i,
                        i % 2 == 0 ? "kali" : "firefox",
                        "agent-" + i % 4,
                        NOW.minus(Duration.ofHours(i * 5L)),
                        20_000 + (i * 997L) % 60_000,
                        i % 9 != 0);
                all.add(r);
                store.append(r);
            }
            LaunchSearchViewModel vm = new LaunchSearchViewModel(store, new LaunchSearch(), new Background(pool));
            // The machine is shared with other builds: showing a stage can take longer than TestFX's default.
            FxToolkit.toolkitContext().setSetupTimeoutInMillis(180_000);
            FxToolkit.setupStage((Stage stage) -> {
                LaunchSearchPane pane = new LaunchSearchPane(vm);
                pane.setExpanded(true);
                stage.setScene(new Scene(pane, 1400, 900));
                stage.show();
            });
            String from = NOW.minus(Duration.ofDays(35)).toString().substring(0, 10);
            robot.clickOn("#search-type").write("kali");
            robot.clickOn("#search-slower").write("50");
            robot.clickOn("#search-from").write(from);
            robot.clickOn("#search-agent").write("agent-2");
            robot.interact(() -> vm.outcomeProperty().set("ready"));
            robot.clickOn("#search-run");
            WaitForAsyncUtils.waitFor(
                    10, TimeUnit.SECONDS, () -> vm.statusProperty().get().contains("match"));
            WaitForAsyncUtils.waitForFxEvents();

            Instant fromInstant = Instant.parse(from + "T00:00:00Z");
            List<String> expected = all.stream()
                    .filter(r -> r.workspaceType().equals("kali")
                            && r.ready()
                            && r.agent().equals("agent-2")
                            && r.performance().totalStartupTimeMs() > 50_000
                            && !r.performance().provisioningStartedAt().isBefore(fromInstant))
                    .map(StartupRecord::sessionId)
                    .toList();
            assertThat(expected).hasSizeGreaterThan(1);
            assertThat(vm.found()).extracting(StartupRecord::sessionId).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(vm.statusProperty().get()).startsWith(expected.size() + " launches match");

            TableView<?> table = robot.lookup("#search-results").queryAs(TableView.class);
            robot.clickOn(robot.lookup("#search-results .table-row-cell").nth(0).queryAs(Node.class));
            robot.press(KeyCode.CONTROL)
                    .clickOn(robot.lookup("#search-results .table-row-cell")
                            .nth(1)
                            .queryAs(Node.class))
                    .release(KeyCode.CONTROL);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(table.getSelectionModel().getSelectedItems()).hasSize(2);
            TimelineChart left = robot.lookup("#compare-left").queryAs(TimelineChart.class);
            TimelineChart right = robot.lookup("#compare-right").queryAs(TimelineChart.class);
            assertThat(left.records()).containsExactly(vm.found().get(0));
            assertThat(right.records()).containsExactly(vm.found().get(1));

            robot.clickOn("#search-slower").eraseText(2).write("fast");
            robot.clickOn("#search-run");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(vm.statusProperty().get()).isEqualTo("slower than: expected seconds such as 45, got 'fast'");
        }
    }
}
