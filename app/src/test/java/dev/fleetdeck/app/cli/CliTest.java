package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.app.GuiLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path home;

    private final List<Optional<Path>> guiLaunches = new ArrayList<>();
    private GuiLauncher gui = options -> {
        guiLaunches.add(options.config());
        return 0;
    };

    private CliRun run(String... args) {
        return runWith(Map.of(), args);
    }

    private CliRun runWith(Map<String, String> moreEnvironment, String... args) {
        return CliRun.in(home, gui, moreEnvironment, args);
    }

    private Path write(String name, String text) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void helpListsTheCommandsAndTheGlobalConfigOption() {
        CliRun run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("caches", "capacity", "config", "--config=FILE");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String[] args : List.of(
                new String[] {"capacity", "--help"},
                new String[] {"config", "--help"},
                new String[] {"config", "check", "--help"},
                new String[] {"config", "path", "--help"})) {
            CliRun run = run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out())
                    .startsWith(
                            "Usage: fleetdeck " + String.join(" ", List.of(args).subList(0, args.length - 1)));
        }
    }

    @Test
    void versionPrintsTheProjectVersion() {
        CliRun run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("fleetdeck 0.1.0");
        assertThat(run("capacity", "-V").out().strip()).isEqualTo("fleetdeck 0.1.0");
    }

    @Test
    void unknownCommandIsOneLineAndAHintWithExit2() {
        CliRun run = run("capcity");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines())
                .containsExactly(
                        "fleetdeck: unknown command 'capcity' (did you mean 'capacity'?)", "Try 'fleetdeck --help'.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownOptionOfACommandPointsAtThatCommandsHelp() {
        CliRun run = run("capacity", "--agent-cpu", "16");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines())
                .containsExactly(
                        "fleetdeck: unknown option '--agent-cpu' (did you mean '--agent-cpus'?)",
                        "Try 'fleetdeck capacity --help'.");
    }

    @Test
    void capacityPrintsSessionsAndTheLimit() {
        CliRun run = run(
                "capacity",
                "--agent-cpus",
                "16",
                "--agent-ram",
                "64g",
                "--workspace-cpus",
                "2",
                "--workspace-ram",
                "4g");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("8 sessions per agent (limited by cpu)" + System.lineSeparator());
    }

    @Test
    void capacityPrintsJsonOnRequest() {
        CliRun run = run(
                "capacity",
                "--agent-cpus",
                "16",
                "--agent-ram",
                "64g",
                "--workspace-cpus",
                "2",
                "--workspace-ram",
                "4g",
                "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("{\"sessions\":8,\"limitedBy\":\"cpu\"}");
    }

    @Test
    void capacityAppliesOverrides() {
        CliRun run = run(
                "capacity",
                "--agent-cpus",
                "16",
                "--agent-ram",
                "64g",
                "--workspace-cpus",
                "4",
                "--workspace-ram",
                "4g",
                "--cpu-override",
                "96",
                "--ram-override",
                "80g",
                "--json");
        assertThat(run.out().strip()).isEqualTo("{\"sessions\":20,\"limitedBy\":\"ram\"}");
    }

    @Test
    void capacityRejectsABadSizeAsBadInput() {
        CliRun run = run(
                "capacity",
                "--agent-cpus",
                "16",
                "--agent-ram",
                "lots",
                "--workspace-cpus",
                "2",
                "--workspace-ram",
                "4g");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow())
                .contains("--agent-ram")
                .contains("\"lots\" is not a size");
    }

    @Test
    void configCheckSummarisesAGoodFileWithRedisRedacted() throws Exception {
        Path file = write("fleet.yaml", """
                agents:
                  - name: agent1
                    host: unix:///var/run/docker.sock
                    zone: east
                  - name: agent2
                    host: tcp://127.0.0.1:2375
                    enabled: false
                redis: redis://ops:hunter2@cache:6379
                """);
        CliRun run = run("config", "check", "--config", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        file + ": OK",
                        "agents: 2 (1 enabled) in zone(s) default, east",
                        "redis: redis://ops:***@cache:6379",
                        "workspaces: 5",
                        "firefox");
        assertThat(run.out() + run.err()).doesNotContain("hunter2");
    }

    @Test
    void aRedisPasswordFromTheEnvironmentOrAFileIsNamedByItsSourceAndNeverShown() throws Exception {
        Path secret = write("redis.pass", "pw-from-file\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path fromFile = write("file.yaml", """
                agents: [{ name: agent1, host: 'unix:///nonexistent/docker.sock' }]
                redis: { uri: 'redis://127.0.0.1:1', user: ops, passwordFile: redis.pass }
                """);
        Path fromEnv = write("env.yaml", """
                agents: [{ name: agent1, host: 'unix:///nonexistent/docker.sock' }]
                redis: { uri: 'redis://127.0.0.1:1', user: ops, passwordEnv: FD_CLI_REDIS_PW }
                """);
        Map<String, String> env = Map.of("FD_CLI_REDIS_PW", "pw-from-env");

        CliRun checkFile = runWith(env, "config", "check", "--config", fromFile.toString());
        CliRun checkEnv = runWith(env, "config", "check", "--config", fromEnv.toString());
        CliRun caches = runWith(env, "caches", "--config", fromEnv.toString(), "--json");

        assertThat(checkFile.exitCode()).as(checkFile.err()).isZero();
        assertThat(checkFile.out()).contains("redis: redis://127.0.0.1:1, user ops, password from file " + secret);
        assertThat(checkEnv.out())
                .contains("redis: redis://127.0.0.1:1, user ops, password from environment variable FD_CLI_REDIS_PW");
        assertThat(caches.exitCode()).as(caches.err()).isZero();
        assertThat(caches.out()).contains("\"server\"", "redis://127.0.0.1:1 (user ops)", "\"error\"");
        for (CliRun run : List.of(checkFile, checkEnv, caches)) {
            assertThat(run.out() + run.err()).doesNotContain("pw-from-file").doesNotContain("pw-from-env");
        }
    }

    @Test
    void aMissingPasswordVariableIsALocatedErrorNamingItWithExit2() throws Exception {
        Path file = write("fleet.yaml", """
                agents: [{ name: agent1, host: 'unix:///nonexistent/docker.sock' }]
                redis: { uri: 'redis://127.0.0.1:1', passwordEnv: FD_CLI_NOT_SET }
                """);
        CliRun run = run("config", "check", "--config", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(file + ":2:51: environment variable FD_CLI_NOT_SET is not set");
    }

    @Test
    void configCheckReportsABadFileAtItsLineWithExit2() throws Exception {
        Path file = write(
                "fleet.yaml",
                "agents:\n  - name: agent1\n    host: unix:///var/run/docker.sock\n    cpuOverride: lots\n");
        // --config before the command works as well as after it
        CliRun run = run("--config", file.toString(), "config", "check");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(file + ":4:18: cpuOverride must be a number of cores >= 0, got \"lots\""
                        + " — write e.g. cpuOverride: 16 (0 = no override)" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void configCheckOfAMissingGivenFileIsBadInput() {
        CliRun run = run("config", "check", "-c", home.resolve("nope.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(home.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void configCheckWithoutAnyFileSaysTheDefaultIsUsed() {
        CliRun run = run("config", "check");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("No configuration file at " + home.resolve("xdg/fleetdeck/fleet.yaml"));
    }

    @Test
    void configPathFollowsXdgAndTheGivenFile() throws Exception {
        assertThat(run("config", "path").out().lines().findFirst())
                .contains(home.resolve("xdg/fleetdeck/fleet.yaml").toString());
        Path file = write("mine.json", "{}");
        CliRun given = run("config", "path", "--config", file.toString());
        assertThat(given.out().lines()).containsExactly(file.toString(), "(given with --config)");
    }

    @Test
    void noCommandOpensTheConsoleWithTheGivenConfig() {
        assertThat(run().exitCode()).isZero();
        assertThat(run("--config", "x.yaml").exitCode()).isZero();
        assertThat(guiLaunches).containsExactly(Optional.empty(), Optional.of(Path.of("x.yaml")));
    }

    @Test
    void aFailureOtherThanInputIsOneLineWithExit1() {
        gui = config -> {
            throw new IllegalStateException("no display found\n\tat some.Frame");
        };
        CliRun run = run();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("fleetdeck: no display found" + System.lineSeparator());
    }

    @Test
    void configAloneAsksForOneOfItsCommands() {
        CliRun run = run("config");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines())
                .containsExactly(
                        "fleetdeck: fleetdeck config needs a command: check, path, import-contexts",
                        "Try 'fleetdeck config --help'.");
    }

    @Test
    void cachesOnTheDemoFleetReportsEveryCacheAfterRefreshingAndRedisAsNotConfigured() throws Exception {
        CliRun run = run("caches", "--demo", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var tree = new ObjectMapper().readTree(run.out());
        assertThat(tree.get("caches"))
                .extracting(c -> c.get("name").asText())
                .containsExactly(
                        "quota (shared file)",
                        "image presence",
                        "staging pool",
                        "container status",
                        "container stats",
                        "container list",
                        "agent info");
        var list = tree.get("caches").get(5);
        // Two refreshes of twelve agents: the first misses, the second is answered from the cache.
        assertThat(list.get("misses").asLong()).isEqualTo(12);
        assertThat(list.get("hits").asLong()).isEqualTo(12);
        assertThat(list.get("hitRate").asDouble()).isEqualTo(0.5);
        assertThat(tree.get("redis").isNull()).isTrue();
    }

    @Test
    void imagesOnTheDemoFleetListsEveryAgentAgainstTheCatalog() throws Exception {
        CliRun run = run("images", "--demo", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var tree = new ObjectMapper().readTree(run.out());
        assertThat(tree.get("catalog")).isNotEmpty();
        assertThat(tree.get("agents"))
                .hasSize(12)
                .allSatisfy(a -> assertThat(a.get("error").isNull()).isTrue());
    }

    @Test
    void distributeOnTheDemoFleetFindsNothingMissing() {
        // Every simulated agent has every catalog image: a round has nothing to do and says so.
        CliRun run = run("--demo", "images", "distribute");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("every agent has every workspace image");
    }

    @Test
    void imageAndPoolCommandsHaveHelpAndRejectBadValues() {
        for (String[] args : List.of(
                new String[] {"images", "--help"},
                new String[] {"images", "copy", "--help"},
                new String[] {"images", "distribute", "--help"},
                new String[] {"pool", "fill", "--help"})) {
            CliRun run = run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out())
                    .startsWith(
                            "Usage: fleetdeck " + String.join(" ", List.of(args).subList(0, args.length - 1)));
        }
        CliRun same = run("--demo", "images", "copy", "--image", "x:1", "--from", "a", "--to", "a");
        assertThat(same.exitCode()).isEqualTo(2);
        CliRun size = run("--demo", "pool", "fill", "--type", "firefox", "--size", "0");
        assertThat(size.exitCode()).isEqualTo(2);
        assertThat(size.err()).contains("--size must be between 1 and 100");
    }

    @Test
    void cachesTellsAnUnreachableRedisWithoutItsPassword() throws Exception {
        Path file = write("fleet.yaml", """
                agents:
                  - name: agent1
                    host: unix:///nonexistent/docker.sock
                redis: redis://ops:hunter2@127.0.0.1:1
                """);
        CliRun run = run("caches", "--config", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("container list", "redis redis://ops:***@127.0.0.1:1: unavailable");
        assertThat(run.out() + run.err()).doesNotContain("hunter2");
    }

    @Test
    void badValuesOfTheFleetCommandsAreOneLineAndExitTwo() {
        for (String[] args : List.of(
                new String[] {"--demo", "launch", "--type", "firefox", "--user", "a", "--count", "-3"},
                new String[] {"--demo", "launch", "--type", "no-such-type", "--user", "a"},
                new String[] {"analyze", "--days", "banana"},
                new String[] {"records", "--days", "0"},
                new String[] {"agnets"})) {
            CliRun run = run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().lines().count()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("fleetdeck: ").contains("Try 'fleetdeck");
        }
        assertThat(run("--demo", "launch", "--type", "firefox", "--user", "a", "--count", "-3")
                        .err())
                .contains("--count must be between 1 and 1000, got -3");
        assertThat(run("agnets").err()).contains("did you mean 'agents'");
    }

    @Test
    void theDemoLaunchesThroughThePipelineAndTheAnalyzerReadsWhatItStored() throws Exception {
        CliRun launch = run("--demo", "launch", "--type", "firefox", "--user", "cli-user", "--count", "2", "--json");
        assertThat(launch.exitCode()).as(launch.err()).isZero();
        List<String> lines = launch.out().lines().toList();
        assertThat(lines)
                .hasSize(2)
                .allSatisfy(l -> assertThat(l)
                        .contains("\"outcome\":\"ready\"")
                        .contains("\"totalStartupTimeMs\"")
                        .contains("\"user\":\"cli-user\""));

        CliRun agents = run("--demo", "agents", "--json");
        assertThat(agents.exitCode()).isZero();
        assertThat(agents.out()).contains("\"name\" : \"sim-east-01\"", "\"allocatedCpus\"", "\"memUsedBytes\"");

        CliRun analyze = run(
                "--demo",
                "analyze",
                "--type",
                "firefox",
                "--export",
                home.resolve("r.json").toString());
        assertThat(analyze.exitCode()).as(analyze.err()).isZero();
        assertThat(Files.readString(home.resolve("r.json"))).contains("\"p95Ms\"", "\"byType\"");
    }
}
