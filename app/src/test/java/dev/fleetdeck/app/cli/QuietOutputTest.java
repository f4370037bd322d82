package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.Logging;
import dev.fleetdeck.app.Main;
import dev.fleetdeck.testbed.ProcessRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A command prints only its own lines: run as a user runs it (its own JVM, Main's logging setup),
 * stderr holds nothing from java.util.logging, docker-java or logback, unless --verbose.
 */
class QuietOutputTest {
    @TempDir
    Path dir;

    private ProcessRun fleetdeck(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return ProcessRun.run(
                command,
                Map.of(
                        "FLEETDECK_DATA_DIR",
                        dir.resolve("data").toString(),
                        "XDG_STATE_HOME",
                        dir.resolve("state").toString(),
                        "XDG_CONFIG_HOME",
                        dir.resolve("config").toString()),
                Duration.ofSeconds(90));
    }

    @Test
    void aDrainOnTheDemoFleetPrintsItsOwnLinesAndNothingOnStderr() {
        // Each user notice is logged (SessionNotices, at INFO), and JavaFX and others log through java.util.logging.
        ProcessRun run = fleetdeck(
                "--demo", "drain", "sim-east-01", "--deadline", "2s", "--at-deadline", "stop", "--grace", "1s");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("sim-east-01: drained");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void verboseShowsTheLogOnStderr() {
        ProcessRun run = fleetdeck(
                "--demo",
                "drain",
                "sim-east-01",
                "--deadline",
                "2s",
                "--at-deadline",
                "stop",
                "--grace",
                "1s",
                "--verbose");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("INFO  dev.fleetdeck.drain.SessionNotices - told user8");
    }

    @Test
    void badInputIsItsOwnMessageAndHintOnly() {
        ProcessRun run = fleetdeck("--demo", "drain", "sim-east-01", "--deadline", "banana");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines().toList())
                .containsExactly(
                        "fleetdeck: Invalid value for option '--deadline': \"banana\" is not a duration — write e.g. 500ms, 2s or 1m, "
                                + "or none for no deadline",
                        "Try 'fleetdeck drain --help'.");
    }

    @Test
    void theWindowLogsSlf4jAndJavaUtilLoggingToARollingFileInTheStateFolder() throws Exception {
        Logging logging = Logging.of(Map.of("XDG_STATE_HOME", dir.toString()), dir, false);
        try {
            logging.forWindow();
            LoggerFactory.getLogger("dev.fleetdeck.test").info("from slf4j");
            Logger.getLogger("javafx.test").log(Level.WARNING, "from jul");
            Path file = dir.resolve("fleetdeck").resolve("fleetdeck.log");
            assertThat(Files.readString(file)).contains("from slf4j").contains("from jul");
        } finally {
            logging.forCommand();
        }
    }
}
