package dev.fleetdeck.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The start-or-explain decisions, with a fake testbed.sh that cannot start anything. */
class TestBedStarterTest {

    @TempDir
    Path tmp;

    private Path fakeProject(String scriptBody) throws IOException {
        Path root = tmp.resolve("project");
        Path script = root.resolve(TestBedStarter.SCRIPT);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n" + scriptBody + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    private static final String FAILING = "echo \"testbed: error: dockerd needs root here ($1 $2)\" >&2; exit 1";

    @Test
    void onCiAMissingBedFailsWithTheScriptsOutput() throws IOException {
        Path root = fakeProject(FAILING);
        TestBedStarter starter = new TestBedStarter(
                Map.of(
                        "CI", "true",
                        "FLEETDECK_PROJECT_ROOT", root.toString(),
                        "FLEETDECK_TESTBED_DIR", tmp.resolve("bed").toString()),
                tmp);

        TestBedStarter.Outcome outcome = starter.findOrStart();

        assertThat(outcome.bed()).isNull();
        assertThatThrownBy(outcome::require)
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("dockerd needs root here (up 3)");
    }

    @Test
    void offCiAMissingBedAbortsLoudlySayingHowToStartIt() throws IOException {
        Path root = fakeProject(FAILING);
        Path bedDir = tmp.resolve("bed");
        TestBedStarter starter = new TestBedStarter(
                Map.of(
                        "FLEETDECK_PROJECT_ROOT", root.toString(),
                        "FLEETDECK_TESTBED_DIR", bedDir.toString()),
                tmp);

        TestBedStarter.Outcome outcome = starter.findOrStart();

        assertThatThrownBy(outcome::require)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("REAL TEST BED NOT AVAILABLE")
                .hasMessageContaining(
                        "FLEETDECK_TESTBED_DIR=" + bedDir + " " + root.resolve(TestBedStarter.SCRIPT) + " up 3")
                .hasMessageContaining("dockerd needs root here");
    }

    @Test
    void findsTheScriptByWalkingUpFromTheWorkingDirectory() throws IOException {
        Path root = fakeProject("exit 0");
        Path moduleDir = Files.createDirectories(root.resolve("services/target"));

        TestBedStarter starter = new TestBedStarter(Map.of(), moduleDir);

        assertThat(starter.script()).contains(root.resolve(TestBedStarter.SCRIPT));
    }

    @Test
    void withoutAScriptTheProblemSaysWhereItLooked() {
        Path nowhere = tmp.resolve("elsewhere");
        TestBedStarter starter = new TestBedStarter(
                Map.of(
                        "FLEETDECK_PROJECT_ROOT", nowhere.toString(),
                        "FLEETDECK_TESTBED_DIR", tmp.resolve("bed").toString()),
                nowhere);

        TestBedStarter.Outcome outcome = starter.findOrStart();

        assertThat(outcome.problem()).contains("testbed.sh was not found").contains(nowhere.toString());
    }

    @Test
    void theDefaultStateDirectoryIsTheSharedOne() {
        assertThat(new TestBedStarter(Map.of(), tmp).stateDir()).isEqualTo(Path.of("/tmp/fleetdeck-testbed"));
        assertThat(new TestBedStarter(Map.of("FLEETDECK_TESTBED_DIR", "/tmp/x"), tmp).stateDir())
                .isEqualTo(Path.of("/tmp/x"));
    }
}
