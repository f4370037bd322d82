package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.ConsoleOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryCliTest {
    @TempDir
    Path home;

    private final List<ConsoleOptions> opened = new ArrayList<>();

    private CliRun run(String... args) {
        return CliRun.in(
                home,
                options -> {
                    opened.add(options);
                    return 0;
                },
                Map.of(),
                args);
    }

    @Test
    void aStoryWithoutTheDemoFleetIsOneLineAndExit2() {
        CliRun run = run("--story");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList())
                .containsExactly(
                        "fleetdeck: --story plays on the simulated demo fleet only: add --demo (fleetdeck --demo --story)",
                        "Try 'fleetdeck --help'.");
        assertThat(opened).as("no window").isEmpty();
    }

    @Test
    void theWindowsOptionsWithACommandAreOneLineAndExit2InsteadOfBeingIgnored() {
        for (List<String> args : List.of(
                List.of("--demo", "--story", "agents"),
                List.of("--demo", "--present", "agents"),
                List.of("--demo", "--tour", "5", "sessions"))) {
            CliRun run = run(args.toArray(String[]::new));

            String option = args.get(1);
            String command = args.get(args.size() - 1);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).as("the command did not run").isEmpty();
            assertThat(run.err().lines().toList())
                    .containsExactly(
                            "fleetdeck: " + option + " is for the window; '" + command + "' opens none: leave " + option
                                    + " out, or give no command",
                            "Try 'fleetdeck --help'.");
        }
        assertThat(opened).as("no window").isEmpty();
    }

    @Test
    void demoStoryOpensTheWindowWithTheStoryTheSeedAndPresentationMode() {
        CliRun run = run("--demo", "--story", "--seed", "7", "--present");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(opened).singleElement().satisfies(o -> {
            assertThat(o.story()).isTrue();
            assertThat(o.demo()).isTrue();
            assertThat(o.seed()).isEqualTo(7);
            assertThat(o.present()).isTrue();
        });
    }
}
