package dev.fleetdeck.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetdeck.analytics.StartupAnalytics;
import dev.fleetdeck.app.Wiring;
import dev.fleetdeck.app.cli.Cli;
import dev.fleetdeck.config.WorkspaceCatalog;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.store.RedisStartupStore;
import dev.fleetdeck.store.ReplicatedStartupStore;
import dev.fleetdeck.store.StartupStore;
import dev.fleetdeck.testbed.OwnRedis;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.Screenshots;
import dev.fleetdeck.ui.common.Background;
import dev.fleetdeck.ui.startup.AnalyzerView;
import dev.fleetdeck.ui.startup.AnalyzerViewModel;
import dev.fleetdeck.ui.theme.ThemeManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
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
 * The Analyzer page and {@code fleetdeck analyze} read the same store and say the same: over the
 * local journal, and over Redis holding the launches of two consoles (separate JVMs, each with its
 * own journal) read from a third workstation whose journal is empty.
 */
@RealTestBed
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
    static List<StartupRecord> launches(long seed, int count, String agentPrefix) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant now = Instant.now();
        String[] types = {"firefox", "vscode", "kali", "burp"};
        List<StartupRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String type = types[i % types.length];
            boolean kali = type.equals("kali");
            boolean failed = random.nextDouble() < (kali ? 0.35 : 0.05);
            long quota = 50L + random.nextInt(200);
            long placement = 5L + random.nextInt(30);
            long create = (long) (kali ? 20_000 : 8_000) + random.nextInt(kali ? 30_000 : 10_000);
            long monitoring = (long) (kali ? 25_000 : 6_000) + random.nextInt(kali ? 40_000 : 12_000);
            long total = quota + placement + create + monitoring;
            Instant at = now.minus(Duration.ofMinutes(random.nextInt(6 * 24 * 60)));
            out.add(new StartupRecord(
                    agentPrefix + "-s" + i,
                    type,
                    "user" + (i % 17),
                    agentPrefix + (1 + i % 3),
                    "c" + i,
                    failed ? StartupRecord.Outcome.FAILED : StartupRecord.Outcome.READY,
                    failed ? "timeout" : null,
                    false,
                    List.of(),
                    new StartupRecord.Performance(
                            at, quota, placement, create, monitoring, total, 3, 120, List.of(), "events")));
        }
        return out;
    }

    /** A console of another workstation: its own journal, the team's Redis, launches stored as the console stores them. */
    public static final class OtherConsole {
        @SuppressWarnings("ClosingStandardOutputStreams") // the store is closed, not System.err (it only reports to it)
        public static void main(String[] args) throws Exception {
            try (RedisLink link = new RedisLink(
                            new RedisConnector(args[0], Duration.ofSeconds(2)), System::currentTimeMillis, 1000);
                    ReplicatedStartupStore store = new ReplicatedStartupStore(
                            Path.of(args[1]),
                            new RedisStartupStore(link, new StartupRecordCodec()),
                            Json.mapper(),
                            System.err::println)) {
                for (StartupRecord r : launches(Long.parseLong(args[2]), Integer.parseInt(args[3]), args[4])) {
                    store.append(r);
                }
            }
        }
    }

    private JsonNode cli(Path home, String... args) throws Exception {
        Path export = home.resolve("report-" + System.nanoTime() + ".json");
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--export", export.toString()));
        int code = new Cli(
                        Wiring.standard(
                                Map.of(
                                        "FLEETDECK_DATA_DIR",
                                        home.resolve("data").toString(),
                                        "XDG_CONFIG_HOME",
                                        home.resolve("xdg").toString()),
                                home,
                                s -> o -> 0),
                        new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true))
                .run(all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return Json.mapper().readTree(export.toFile());
    }

    private Path fleet(Path home, String redis) throws Exception {
        Files.createDirectories(home);
        return Files.writeString(home.resolve("fleet.yaml"), """
                agents:
                  - name: agent1
                    host: unix:///nonexistent/docker.sock
                """ + (redis == null ? "" : "redis: " + redis + "\n"));
    }

    private AnalyzerViewModel window(StartupStore store) throws Exception {
        AnalyzerViewModel vm = new AnalyzerViewModel(
                store,
                new StartupAnalytics(WorkspaceCatalog.builtIn(), Clock.systemUTC(), new StartupRecordCodec()),
                new Background(pool));
        AnalyzerView view = new AnalyzerView(vm);
        FxToolkit.setupStage((Stage stage) -> {
            Scene scene = new Scene(new BorderPane((ScrollPane) view.view()), 1500, 900);
            new ThemeManager().install(scene);
            stage.setScene(scene);
            stage.show();
        });
        WaitForAsyncUtils.waitFor(
                15, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return vm;
    }

    private static void sameFigures(FxRobot robot, AnalyzerViewModel vm, JsonNode cli, long count) {
        assertThat(text(robot, "#analyzer-count"))
                .isEqualTo(cli.get("count").asText())
                .isEqualTo(Long.toString(count));
        assertThat(text(robot, "#analyzer-avg"))
                .isEqualTo(AnalyzerView.seconds(cli.get("avgMs").asDouble()));
        assertThat(text(robot, "#analyzer-median"))
                .isEqualTo(AnalyzerView.seconds(cli.get("medianMs").asDouble()));
        assertThat(text(robot, "#analyzer-p95"))
                .isEqualTo(AnalyzerView.seconds(cli.get("p95Ms").asDouble()));
        assertThat(text(robot, "#analyzer-p99"))
                .isEqualTo(AnalyzerView.seconds(cli.get("p99Ms").asDouble()));
        assertThat(text(robot, "#analyzer-failure-rate"))
                .isEqualTo(String.format(
                        Locale.ROOT, "%.1f %%", cli.get("failureRate").asDouble() * 100));
        var report = vm.resultProperty().get().report();
        assertThat(report.p95Ms()).isEqualTo(cli.get("p95Ms").asDouble());
        assertThat(report.avgMs()).isEqualTo(cli.get("avgMs").asDouble());
        List<String> cliAlerts = new ArrayList<>();
        cli.get("alerts").forEach(n -> cliAlerts.add(n.get("message").asText()));
        assertThat(report.alerts().stream().map(a -> a.message()).toList()).containsExactlyElementsOf(cliAlerts);
        List<String> cliAdvice = new ArrayList<>();
        cli.get("recommendations").forEach(n -> cliAdvice.add(n.asText()));
        assertThat(report.recommendations()).isNotEmpty().containsExactlyElementsOf(cliAdvice);
        List<Long> cliTrend = new ArrayList<>();
        cli.get("trend").forEach(b -> cliTrend.add(b.get("launches").asLong()));
        assertThat(vm.resultProperty().get().analysis().trend().stream()
                        .map(b -> b.launches())
                        .toList())
                .isEqualTo(cliTrend);
    }

    @Test
    void theWindowShowsWhatTheCommandSaysOverTheJournal(FxRobot robot) throws Exception {
        Path home = dir.resolve("me");
        Path file = Files.createDirectories(home.resolve("data")).resolve("startups.jsonl");
        try (JournalStartupStore store = new JournalStartupStore(file, Json.mapper())) {
            for (StartupRecord r : launches(7, 400, "agent")) {
                store.append(r);
            }
            JsonNode fromStore =
                    cli(home, "analyze", "--config", fleet(home, null).toString(), "--by", "day");
            JsonNode fromFile = cli(home, "analyze", "--input", file.toString(), "--by", "day");
            AnalyzerViewModel vm = window(store);

            sameFigures(robot, vm, fromStore, 400);
            sameFigures(robot, vm, fromFile, 400);
            // The crafted failure rate (about 12 %) is over the 10 % critical line in both.
            assertThat(fromStore.get("alerts").toString()).contains("critical");
            assertThat(robot.lookup(".alert-banner").queryAll()).isNotEmpty();
            assertThat(robot.lookup("#analyzer-trend").queryAll()).hasSize(1);
            Screenshots.capture("analyzer-view");
        }
    }

    @Test
    void theWindowShowsWhatTheCommandSaysOverRedisFilledByTwoConsoles(FxRobot robot) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (OwnRedis redis = new OwnRedis(Files.createDirectories(dir.resolve("redis")))) {
            int n = 0;
            for (String who : List.of("east", "west")) {
                Path theirs = Files.createDirectories(dir.resolve(who)).resolve("startups.jsonl");
                ProcessRun run = ProcessRun.run(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                OtherConsole.class.getName(),
                                redis.uri(),
                                theirs.toString(),
                                Long.toString(who.length() * 31L),
                                "250",
                                who),
                        Map.of(),
                        Duration.ofSeconds(90));
                run.requireSuccess();
                n += 250;
            }
            assertThat(redis.cli("zcard", RedisStartupStore.KEY).strip()).isEqualTo(Integer.toString(n));

            Path home = dir.resolve("me");
            JsonNode cli =
                    cli(home, "analyze", "--config", fleet(home, redis.uri()).toString(), "--by", "day");
            try (RedisLink link = new RedisLink(
                            new RedisConnector(redis.uri(), Duration.ofSeconds(2)), System::currentTimeMillis, 1000);
                    ReplicatedStartupStore mine = new ReplicatedStartupStore(
                            home.resolve("data").resolve("startups.jsonl"),
                            new RedisStartupStore(link, new StartupRecordCodec()),
                            Json.mapper(),
                            p -> {})) {
                AnalyzerViewModel vm = window(mine);
                sameFigures(robot, vm, cli, n);
                assertThat(cli.get("byAgent").has("east1")).isTrue();
                assertThat(cli.get("byAgent").has("west1")).isTrue();
            }
        }
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }
}
