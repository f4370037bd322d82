package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetdeck.startup.AnalysisFixtures;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.store.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetdeck analyze} and {@code records} over the configured store: trends, filters, bad input. */
class AnalyzeCliTest {
    @TempDir
    Path home;

    private Path journal;
    private final List<StartupRecord> records = new ArrayList<>();

    @BeforeEach
    void journal() throws Exception {
        journal = Files.createDirectories(home.resolve("data")).resolve("startups.jsonl");
        SplittableRandom random = new SplittableRandom(3);
        Instant now = Instant.now();
        StringBuilder lines = new StringBuilder();
        StartupRecordCodec codec = new StartupRecordCodec();
        for (int i = 0; i < 300; i++) {
            StartupRecord r = AnalysisFixtures.launch(
                    "s-" + i,
                    i % 2 == 0 ? "kali" : "firefox",
                    "agent-" + (i % 3),
                    now.minusMillis(
                            (long) (random.nextDouble() * Duration.ofDays(6).toMillis())),
                    2_000 + random.nextInt(70_000),
                    random.nextDouble() > 0.1);
            records.add(r);
            lines.append(codec.encode(r)).append('\n');
        }
        Files.writeString(journal, lines);
    }

    private Path fleet(String redis) throws Exception {
        return Files.writeString(home.resolve("fleet.yaml"), """
                agents:
                  - name: agent-0
                    host: unix:///nonexistent/docker.sock
                """ + (redis == null ? "" : "redis: " + redis + "\n"));
    }

    @Test
    void theTrendIsInTheTextTheExportAndTheCsvWithTheSameRows() throws Exception {
        Path export = home.resolve("r.json");
        Path csv = home.resolve("trend.csv");
        CliRun run = CliRun.in(
                home,
                "analyze",
                "--config",
                fleet(null).toString(),
                "--by",
                "day",
                "--type",
                "kali",
                "--export",
                export.toString(),
                "--csv",
                csv.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Trend (per UTC day", "type kali");
        JsonNode json = Json.mapper().readTree(export.toFile());
        assertThat(json.get("count").asLong())
                .isEqualTo(records.stream()
                        .filter(r -> r.workspaceType().equals("kali"))
                        .count());
        JsonNode trend = json.get("trend");
        assertThat(trend.size()).isEqualTo(8);
        long sum = 0;
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("start,launches,failures,failureRate,medianMs,p95Ms,withinTargetPct");
        for (int i = 0; i < trend.size(); i++) {
            JsonNode b = trend.get(i);
            sum += b.get("launches").asLong();
            assertThat(Instant.parse(b.get("start").asText()).toEpochMilli() % 86_400_000)
                    .isZero();
            assertThat(rows.get(i + 1))
                    .isEqualTo(String.join(
                            ",",
                            b.get("start").asText(),
                            b.get("launches").asText(),
                            b.get("failures").asText(),
                            b.get("failureRate").asText(),
                            b.get("medianMs").asText(),
                            b.get("p95Ms").asText(),
                            b.get("withinTargetPct").asText()));
        }
        assertThat(sum).isEqualTo(json.get("count").asLong());
    }

    @Test
    void anUnknownUnitAndAnAgentWithNoRecordsAreOneLineEach() throws Exception {
        CliRun week = CliRun.in(home, "analyze", "--config", fleet(null).toString(), "--by", "week");
        assertThat(week.exitCode()).isEqualTo(2);
        assertThat(week.err()).contains("--by: unknown trend unit 'week': use one of day, hour");

        CliRun nobody = CliRun.in(home, "analyze", "--config", fleet(null).toString(), "--agent", "agent-9");
        assertThat(nobody.exitCode()).isEqualTo(2);
        assertThat(nobody.err().strip()).startsWith("fleetdeck: no launches on agent 'agent-9' in the last 7 days");
        assertThat(nobody.out()).isEmpty();

        CliRun one = CliRun.in(home, "analyze", "--config", fleet(null).toString(), "--agent", "agent-1");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out())
                .contains(String.format(
                        "launches      %,10d",
                        records.stream()
                                .filter(r -> r.agent().equals("agent-1"))
                                .count()));
    }

    @Test
    void aBadLineIsToldByFileAndLineAndTheRestIsCounted() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.add(
                5, "{\"workspaceType\":\"kali\",\"outcome\":\"ready\",\"performance\":{\"totalStartupTimeMs\":\"x\"}}");
        Files.write(journal, lines);
        CliRun run = CliRun.in(home, "analyze", "--config", fleet(null).toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err())
                .contains(
                        journal + ":6: skipped: performance.totalStartupTimeMs: expected a whole number",
                        "fleetdeck: 1 unreadable records skipped in journal " + journal);
        assertThat(run.out()).contains(String.format("launches      %,10d", records.size()));
    }

    /** The report without its first line, which names the window's end (now). */
    private static String withoutWindow(String report) {
        return report.substring(report.indexOf('\n') + 1);
    }

    @Test
    void theJournalsDigestGivesTheSameReportAndFollowsLinesAppendedAfterIt() throws Exception {
        Path digest = journal.resolveSibling("startups.jsonl.digest");
        Path fullExport = home.resolve("full.json");
        Path fleet = fleet(null);
        CliRun full = CliRun.in(home, "analyze", "--config", fleet.toString(), "--by", "day");
        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(digest).exists();
        long digestBytes = Files.size(digest);
        assertThat(digestBytes).isLessThan(Files.size(journal) / 10);

        CliRun again = CliRun.in(
                home, "analyze", "--config", fleet.toString(), "--by", "day", "--export", fullExport.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(withoutWindow(again.out())).isEqualTo(withoutWindow(full.out()));
        assertThat(Files.size(digest)).isEqualTo(digestBytes);

        StartupRecord extra = AnalysisFixtures.launch("s-extra", "kali", "agent-0", Instant.now(), 4_000, true);
        Files.writeString(
                journal,
                "{\"workspaceType\":\"kali\"}\n" + new StartupRecordCodec().encode(extra) + "\n",
                StandardOpenOption.APPEND);
        CliRun grown = CliRun.in(home, "analyze", "--config", fleet.toString(), "--by", "day");

        assertThat(grown.exitCode()).as(grown.err()).isZero();
        assertThat(grown.err())
                .contains(
                        journal + ":" + (records.size() + 1) + ": skipped: outcome: expected \"ready\" or \"failed\"");
        assertThat(grown.out()).contains(String.format("launches      %,10d", records.size() + 1));
        assertThat(Files.size(digest)).isGreaterThan(digestBytes);
        CliRun fromDigest = CliRun.in(home, "analyze", "--config", fleet.toString(), "--by", "day");
        assertThat(withoutWindow(fromDigest.out())).isEqualTo(withoutWindow(grown.out()));
        assertThat(fromDigest.err()).isEqualTo(grown.err());
    }

    @Test
    void anInputFilesDigestLivesInTheDataFoldersCacheNotBesideTheFile() throws Exception {
        Path folder = Files.createDirectories(home.resolve("exports"));
        Path input = Files.copy(journal, folder.resolve("records.jsonl"));
        Path fleet = fleet(null);
        CliRun first = CliRun.in(home, "analyze", "--config", fleet.toString(), "--input", input.toString());
        CliRun second = CliRun.in(home, "analyze", "--config", fleet.toString(), "--input", input.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(withoutWindow(second.out())).isEqualTo(withoutWindow(first.out()));
        try (var beside = Files.list(folder)) {
            assertThat(beside.toList()).containsExactly(input);
        }
        Path cache = home.resolve("data").resolve("cache").resolve("digests");
        try (var digests = Files.list(cache)) {
            assertThat(digests.toList())
                    .singleElement()
                    .satisfies(d -> assertThat(d.toString()).endsWith(".digest"));
        }
    }

    @Test
    void anUnreachableRedisFallsBackToTheJournalAndSaysWhatMayBeMissing() throws Exception {
        CliRun run = CliRun.in(
                home, "analyze", "--config", fleet("redis://127.0.0.1:1").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "note: Redis unreachable",
                        "teammates' launches may be missing",
                        String.format("launches      %,10d", records.size()));
    }

    @Test
    void recordsPrintsOneSessionsTimeline() throws Exception {
        StartupRecord r = records.get(7);
        CliRun run = CliRun.in(home, "records", "--config", fleet(null).toString(), "--session", r.sessionId());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("session " + r.sessionId() + "  " + r.workspaceType())
                .contains(
                        "quota check", "session creation", "monitoring", "attempt on " + r.agent(), "status checks: 3");
        CliRun missing = CliRun.in(home, "records", "--config", fleet(null).toString(), "--session", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no launch of session 'nope'");
    }
}
