package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.Main;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's progress line, run as a user runs it (its own JVM) on the test bed's real engines:
 * with its output to a pipe it prints its result and nothing else; on a terminal (a pseudo-terminal
 * from {@code script}) it draws done/total, rate and time left.
 */
@RealTestBed
class ProgressLineTestBedTest {
    @TempDir
    Path dir;

    private String tag(TestBed bed) {
        return "fdtest/progress-" + bed.runId() + ":1";
    }

    @AfterEach
    void removeTags(TestBed bed) {
        for (String agent : List.of(bed.agents().get(0), bed.agents().get(1))) {
            try {
                bed.docker(agent, "rmi", tag(bed));
            } catch (RuntimeException ignored) {
                // not there
            }
        }
    }

    /** The command in its own JVM; with {@code --demo} first, the demo fleet, else two of the bed's engines. */
    private List<String> command(TestBed bed, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        if (!"--demo".equals(args[0])) {
            Path config = dir.resolve("fleet.yaml");
            Files.writeString(
                    config,
                    "agents:\n"
                            + "  - { name: " + bed.agents().get(0) + ", host: "
                            + bed.host(bed.agents().get(0)) + " }\n"
                            + "  - { name: " + bed.agents().get(1) + ", host: "
                            + bed.host(bed.agents().get(1)) + " }\n");
            command.addAll(List.of("--config", config.toString()));
        }
        command.addAll(List.of(args));
        return command;
    }

    private Map<String, String> env() {
        return Map.of(
                "FLEETDECK_DATA_DIR",
                dir.resolve("data").toString(),
                "XDG_STATE_HOME",
                dir.resolve("state").toString());
    }

    private String copyArgs(TestBed bed) {
        return "images copy --image " + tag(bed) + " --from " + bed.agents().get(0) + " --to "
                + bed.agents().get(1);
    }

    @Test
    void anImageCopyWithItsOutputPipedPrintsItsResultOnly(TestBed bed) throws Exception {
        bed.docker(bed.agents().get(0), "tag", bed.image("firefox"), tag(bed));
        ProcessBuilder pb = new ProcessBuilder(command(bed, copyArgs(bed).split(" ")));
        pb.environment().putAll(env());
        Process p = pb.start(); // stdout and stderr are pipes
        p.getOutputStream().close();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(err.get()).isZero();
        assertThat(out.get().strip().lines().toList())
                .singleElement()
                .asString()
                .startsWith("copied " + tag(bed) + " from " + bed.agents().get(0) + " to "
                        + bed.agents().get(1) + ": ");
        assertThat(err.get()).isEmpty();
    }

    @Test
    void anImageCopyOnATerminalDrawsItsProgressLine(TestBed bed) throws Exception {
        bed.docker(bed.agents().get(0), "tag", bed.image("firefox"), tag(bed));
        ProcessRun run = ProcessRun.run(
                List.of(
                        "script",
                        "-q",
                        "-e",
                        "-c",
                        shell(command(bed, copyArgs(bed).split(" "))),
                        "/dev/null"),
                env(),
                Duration.ofMinutes(2));

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        String terminal = run.stdout();
        assertThat(terminal)
                .contains("copy " + tag(bed) + " 100%", " MiB/s", "/1 MiB (")
                .contains("copied " + tag(bed) + " from ");
        assertThat(terminal).as("redrawn in place").contains("\r");
    }

    @Test
    void aBulkLaunchOnATerminalCountsItsLaunchesAndJsonHasNoLine(TestBed bed) throws Exception {
        List<String> launch =
                List.of("--demo", "launch", "--type", "firefox", "--user", "progress-" + bed.runId(), "--count", "2");
        ProcessRun shown = ProcessRun.run(
                List.of("script", "-q", "-e", "-c", shell(command(bed, launch.toArray(String[]::new))), "/dev/null"),
                env(),
                Duration.ofMinutes(2));
        // Another user: the quota counts of the first run's sessions are shared through the data folder.
        List<String> json = new ArrayList<>(List.of(
                "--demo",
                "launch",
                "--type",
                "firefox",
                "--user",
                "progress-json-" + bed.runId(),
                "--count",
                "2",
                "--json"));
        ProcessRun quiet = ProcessRun.run(
                List.of("script", "-q", "-e", "-c", shell(command(bed, json.toArray(String[]::new))), "/dev/null"),
                env(),
                Duration.ofMinutes(2));

        assertThat(shown.stdout()).contains("launching 2 × firefox", "2/2 launches", "2 of 2 sessions ready");
        assertThat(quiet.stdout()).doesNotContain("launching 2 × firefox").contains("\"outcome\"");
    }

    @Test
    void aDrainOnATerminalCountsTheSessionsItEndedBelowItsOwnLines(TestBed bed) throws Exception {
        List<String> drain =
                List.of("--demo", "drain", "sim-east-01", "--deadline", "2s", "--at-deadline", "stop", "--grace", "0s");
        ProcessRun run = ProcessRun.run(
                List.of("script", "-q", "-e", "-c", shell(command(bed, drain.toArray(String[]::new))), "/dev/null"),
                env(),
                Duration.ofMinutes(2));

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        String terminal = run.stdout();
        assertThat(terminal).contains("drain sim-east-01 100%", " sessions (", "sim-east-01: drained");
        // Each of the drain's own lines erases the bar's line first instead of running on after it.
        assertThat(terminal).contains("\r\u001b[2Ksim-east-01: ");
    }

    private static String shell(List<String> command) {
        StringBuilder s = new StringBuilder();
        for (String part : command) {
            s.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        return s.toString();
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
    }
}
