package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drain commands on the demo fleet: state in a data directory of the test's own. */
class DrainCliTest {

    @TempDir
    Path home;

    private CliRun run(String... args) {
        return CliRun.in(home, args);
    }

    @Test
    void aBadDeadlineIsOneLineWithAHintAndExit2() {
        CliRun run = run("--demo", "drain", "sim-east-01", "--deadline", "banana");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow())
                .contains("--deadline")
                .contains("\"banana\" is not a duration")
                .contains("none for no deadline")
                .doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void auditListsTheActionsOfEarlierCommandsAndAsJson() throws Exception {
        assertThat(run("--demo", "cordon", "sim-west-01").exitCode()).isZero();
        assertThat(run("--demo", "enable", "sim-west-01").exitCode()).isZero();

        CliRun text = run("--demo", "audit");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out().lines().filter(l -> l.contains("sim-west-01")).toList())
                .hasSize(2)
                .anyMatch(l -> l.contains(" cordon "))
                .anyMatch(l -> l.contains(" enable "));
        assertThat(text.out()).contains("2 entries in audit journal");

        CliRun json = run("--demo", "audit", "--json", "--since", "1h");
        assertThat(json.out().lines().toList())
                .hasSize(2)
                .allMatch(l -> l.startsWith("{") && l.contains("\"agent\":\"sim-west-01\""));
    }

    @Test
    void auditWithABadSinceIsOneLineAndExit2() {
        CliRun run = run("--demo", "audit", "--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow())
                .contains("--since")
                .contains("\"yesterday\" is not a duration");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void dryRunPrintsThePreviewAndChangesNothing() throws Exception {
        CliRun run = run("--demo", "drain", "sim-east-01", "--dry-run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Drain preview of sim-east-01 (zone east)", "sessions affected:", "verdict:");
        assertThat(
                        Files.exists(home.resolve("data/demo-drains.jsonl"))
                                ? Files.readString(home.resolve("data/demo-drains.jsonl"))
                                : "")
                .isEmpty();
    }

    @Test
    void drainWithAStoppingDeadlineOfZeroDrainsAndExits0() throws Exception {
        CliRun run =
                run("--demo", "drain", "sim-east-01", "--deadline", "0s", "--at-deadline", "stop", "--grace", "0s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("sim-east-01: drained — ready for maintenance");
        assertThat(Files.readString(home.resolve("data/demo-audit.jsonl")))
                .contains("\"action\":\"DRAIN\"", "\"outcome\":\"drained\"");
    }

    @Test
    void usersAreToldWithTheOperatorsMessageAndTheDrainRecordSaysSo() throws Exception {
        CliRun preview = run("--demo", "drain", "sim-east-01", "--dry-run");
        assertThat(preview.out())
                .contains("  notices: every user is told at the start, before the deadline and at a stop");

        CliRun run = run(
                "--demo",
                "drain",
                "sim-east-01",
                "--deadline",
                "2s",
                "--at-deadline",
                "stop",
                "--grace",
                "0s",
                "-m",
                "Kernel update, back at 14:00.");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String record = Files.readString(home.resolve("data/demo-drains.jsonl"))
                .lines()
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(record)
                .contains("\"point\":\"start\"", "\"point\":\"stop\"", "\"delivered\":true")
                .doesNotContain("\"delivered\":false");
        assertThat(Files.readString(home.resolve("data/demo-audit.jsonl")))
                .contains("message \\\"Kernel update, back at 14:00.\\\"");
    }

    @Test
    void aBadMessageOrNoticePointIsOneLineAndExit2() {
        CliRun empty = run("--demo", "drain", "sim-east-01", "--message", " ");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err().lines().findFirst().orElseThrow())
                .isEqualTo("fleetdeck: --message must be one line of 1 to 500 characters, got an empty one");

        CliRun points = run("--demo", "rolling-drain", "--zone", "east", "--notice-before", "10m,soon");
        assertThat(points.exitCode()).isEqualTo(2);
        assertThat(points.err().lines().findFirst().orElseThrow())
                .startsWith("fleetdeck: --notice-before: ")
                .contains("\"soon\"")
                .endsWith("write e.g. 10m,1m, or none");
        assertThat(points.out()).isEmpty();

        CliRun hole = run("--demo", "rolling-drain", "--zone", "east", "--notice-before", "10m,,1m");
        assertThat(hole.exitCode()).isEqualTo(2);
        assertThat(hole.err().lines().findFirst().orElseThrow()).startsWith("fleetdeck: --notice-before: ");
    }

    @Test
    void cordonIsKeptForTheNextCommandAndEnableUndoesIt() throws Exception {
        assertThat(run("--demo", "cordon", "sim-west-02").exitCode()).isZero();

        CliRun refused = run("--demo", "cordon", "sim-west-99");
        assertThat(refused.exitCode()).as("an unknown agent is bad input").isEqualTo(2);
        assertThat(refused.err()).contains("no agent named 'sim-west-99'");

        CliRun enable = run("--demo", "enable", "sim-west-02");
        assertThat(enable.exitCode()).isZero();
        assertThat(enable.out()).contains("sim-west-02: enabled");
        String audit = Files.readString(home.resolve("data/demo-audit.jsonl"));
        assertThat(audit).contains("\"action\":\"CORDON\"", "\"action\":\"ENABLE\"", "was cordoned");
    }

    @Test
    void rollingDrainNeedsAKnownZone() {
        CliRun run = run("--demo", "rolling-drain", "--zone", "mars");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no agents in zone 'mars'").contains("east");
    }
}
