package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetdeck.app.Wiring;
import dev.fleetdeck.app.cli.Cli;
import dev.fleetdeck.config.WorkspaceCatalog;
import dev.fleetdeck.startup.StartupAnalyzer;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.startup.AnalyzerView;
import dev.fleetdeck.ui.startup.AnalyzerViewModel;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The analyzer view and {@code fleetdeck analyze} read the same records and say the same. */
@ExtendWith(ApplicationExtension.class)
class AnalyzerAgreementTest {
    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        pool.shutdownNow();
    }

    /** Launches of the last days: kali slow and sometimes failing, the others healthy. */
    private Path journal() throws Exception {
        Path file = dir.resolve("startups.jsonl");
        SplittableRandom random = new SplittableRandom(7);
        Instant now = Instant.now();
        String[] types = {"firefox", "vscode", "kali", "burp"};
        try (JournalStartupStore store = new JournalStartupStore(file, Json.mapper())) {
            for (int i = 0; i < 400; i++) {
                String type = types[i % types.length];
                boolean kali = type.equals("kali");
                boolean failed = random.nextDouble() < (kali ? 0.35 : 0.05);
                long quota = 50 + random.nextInt(200);
                long placement = 5 + random.nextInt(30);
                long create = (kali ? 20_000 : 8_000) + random.nextInt(kali ? 30_000 : 10_000);
                long monitoring = (kali ? 25_000 : 6_000) + random.nextInt(kali ? 40_000 : 12_000);
                long total = quota + placement + create + monitoring;
                Instant at = now.minus(Duration.ofMinutes(random.nextInt(6 * 24 * 60)));
                store.append(new StartupRecord("s" + i, type, "user" + (i % 17), "agent" + (1 + i % 3), "c" + i,
                        failed ? StartupRecord.Outcome.FAILED : StartupRecord.Outcome.READY, failed ? "timeout" : null,
                        false, List.of(), new StartupRecord.Performance(at, quota, placement, create, monitoring, total,
                        3, 120, List.of(), "events")));
            }
        }
        return file;
    }

    @Test
    void theViewShowsTheFiguresTheCommandLineExports(FxRobot robot) throws Exception {
        Path file = journal();
        Path export = dir.resolve("report.json");
        StringWriter out = new StringWriter();
        int code = new Cli(Wiring.standard(Map.of("FLEETDECK_DATA_DIR", dir.toString()), dir, s -> o -> 0),
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                .run("analyze", "--input", file.toString(), "--export", export.toString());
        assertThat(code).isZero();
        JsonNode cli = Json.mapper().readTree(export.toFile());

        JournalStartupStore store = new JournalStartupStore(file, Json.mapper());
        AnalyzerViewModel vm = new AnalyzerViewModel(store, new StartupAnalyzer(Clock.systemUTC()),
                WorkspaceCatalog.builtIn(), new Background(pool), Clock.systemUTC());
        AnalyzerView view = new AnalyzerView(vm, new javafx.beans.property.SimpleBooleanProperty(false));
        FxToolkit.setupStage((Stage stage) -> {
            Scene scene = new Scene(new javafx.scene.layout.BorderPane((ScrollPane) view.view()), 1500, 900);
            new ThemeManager().install(scene);
            stage.setScene(scene);
            stage.show();
        });
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(text(robot, "#analyzer-count")).isEqualTo(cli.get("count").asText()).isEqualTo("400");
        assertThat(text(robot, "#analyzer-avg")).isEqualTo(AnalyzerView.seconds(cli.get("avgMs").asDouble()));
        assertThat(text(robot, "#analyzer-median")).isEqualTo(AnalyzerView.seconds(cli.get("medianMs").asDouble()));
        assertThat(text(robot, "#analyzer-p95")).isEqualTo(AnalyzerView.seconds(cli.get("p95Ms").asDouble()));
        assertThat(text(robot, "#analyzer-p99")).isEqualTo(AnalyzerView.seconds(cli.get("p99Ms").asDouble()));
        assertThat(text(robot, "#analyzer-failure-rate"))
                .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%", cli.get("failureRate").asDouble() * 100));
        // The crafted failure rate (about 12 %) is over the 10 % critical line in both.
        assertThat(cli.get("alerts").toString()).contains("critical");
        assertThat(robot.lookup(".alert-banner").queryAll()).isNotEmpty();
        List<String> cliAdvice = new java.util.ArrayList<>();
        cli.get("recommendations").forEach(n -> cliAdvice.add(n.asText()));
        assertThat(vm.resultProperty().get().report().recommendations()).isNotEmpty().containsExactlyElementsOf(cliAdvice);
        Screenshots.capture("analyzer-view");
        store.close();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }
}
