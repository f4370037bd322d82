package dev.fleetdeck.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.cli.Cli;
import dev.fleetdeck.fleet.SessionLabels;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console killed (SIGKILL) in the middle of a bulk launch: afterwards every session container it
 * made is accounted for — it has a startup record, or 'fleetdeck orphans' finds it — and the
 * journal it left has no torn record.
 */
@RealTestBed
class ConsoleKilledMidLaunchTest {
    @TempDir
    Path dir;

    private String user;
    private TestBed bed;

    @AfterEach
    void cleanUp() {
        for (String agent : bed.agents()) {
            String ids = bed.docker(agent, "ps", "-aq", "--filter", "label=" + SessionLabels.USER + "=" + user)
                    .strip();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                bed.docker(agent, args.toArray(String[]::new));
            }
        }
    }

    private Path config() throws Exception {
        StringBuilder yaml = new StringBuilder(bed.agentsYaml());
        yaml.append("workspaces:\n  - name: firefox\n    image: ")
                .append(bed.image("firefox"))
                .append("\n    cores: 0.25\n    memory: 128m\n    targetSeconds: 30\n")
                .append("settings:\n  maxSessionsPerUser: 50\n");
        return Files.writeString(dir.resolve("fleet.yaml"), yaml);
    }

    private Set<String> sessionsOnAgents() {
        Set<String> ids = new HashSet<>();
        for (String agent : bed.agents()) {
            String out = bed.docker(
                            agent,
                            "ps",
                            "-a",
                            "--filter",
                            "label=" + SessionLabels.USER + "=" + user,
                            "--format",
                            "{{.Label \"" + SessionLabels.SESSION + "\"}}")
                    .strip();
            if (!out.isEmpty()) {
                ids.addAll(List.of(out.split("\\s+")));
            }
        }
        return ids;
    }

    @Test
    void everySessionOfAKilledBulkLaunchHasARecordOrIsFoundAsAnOrphan(TestBed testBed) throws Exception {
        bed = testBed;
        user = "killed-" + bed.runId();
        Path config = config();
        Path data = Files.createDirectories(dir.resolve("data"));
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--config",
                config.toString(),
                "launch",
                "--type",
                "firefox",
                "--user",
                user,
                "--count",
                "8",
                "--parallel",
                "8",
                "--env",
                "STARTUP_SECONDS=6");
        pb.environment().put("FLEETDECK_DATA_DIR", data.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
        Process console = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sessionsOnAgents().size() < 3 && System.nanoTime() < deadline && console.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(sessionsOnAgents())
                    .as(Files.readString(dir.resolve("console.log")))
                    .hasSizeGreaterThanOrEqualTo(3);
        } finally {
            console.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            console.waitFor(10, TimeUnit.SECONDS);
        }
        Set<String> made = sessionsOnAgents();

        // The journal it left: every line a whole record.
        List<StartupRecord> records = new ArrayList<>();
        Path journal = data.resolve("startups.jsonl");
        if (Files.exists(journal)) {
            try (JournalStartupStore store = new JournalStartupStore(journal, Json.mapper())) {
                store.forEachSince(Instant.EPOCH, records::add);
            }
            assertThat(Files.readAllLines(journal)).hasSameSizeAs(records);
        }
        Set<String> recorded = new HashSet<>();
        records.forEach(r -> recorded.add(r.sessionId()));

        StringWriter out = new StringWriter();
        Wiring wiring = Wiring.standard(Map.of("FLEETDECK_DATA_DIR", data.toString()), dir, s -> o -> 0);
        int code = new Cli(wiring, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                .run("--config", config.toString(), "orphans");
        assertThat(code).isZero();
        for (String session : made) {
            assertThat(recorded.contains(session) || out.toString().contains(session))
                    .as("session " + session + " is recorded or listed as an orphan:\n" + out)
                    .isTrue();
        }
        for (String session : recorded) {
            assertThat(out.toString()).doesNotContain(session);
        }

        int removed = new Cli(
                        wiring, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true))
                .run("--config", config.toString(), "orphans", "--remove");
        assertThat(removed).isZero();
        Set<String> left = sessionsOnAgents();
        assertThat(left).as("only recorded sessions remain").isSubsetOf(recorded);
    }
}
