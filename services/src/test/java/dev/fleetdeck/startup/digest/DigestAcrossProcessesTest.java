package dev.fleetdeck.startup.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.analytics.StartupAnalytics;
import dev.fleetdeck.config.WorkspaceCatalog;
import dev.fleetdeck.startup.AnalysisRun;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.ReportJson;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.testbed.ProcessRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process appending to the journal (and replacing its digest) while this one reads through
 * the digest: every read counts the launches of a prefix of what was written, never more, never
 * fewer than a read before it, and once the writer is done the count is all of them.
 */
class DigestAcrossProcessesTest {
    private static final Instant NOW = Instant.parse("2026-01-20T12:00:00Z");
    private static final int LAUNCHES = 12_000;

    @TempDir
    Path dir;

    private final StartupRecordCodec timings = new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS);
    private final StartupAnalytics analytics =
            new StartupAnalytics(WorkspaceCatalog.builtIn(), Clock.fixed(NOW, ZoneOffset.UTC), timings);

    private record Seen(long count, List<RecordProblem> problems, String json) {}

    private Seen read(Path journal, Path digest) throws Exception {
        AnalysisRun run = analytics.newRun(StartupAnalytics.Query.lastDays(30));
        List<RecordProblem> problems = new ArrayList<>();
        JournalStartupStore.read(journal, digest, timings, run, problems::add);
        var result = run.result();
        return new Seen(result.report().count(), problems, new ReportJson().toJson(result));
    }

    @Test
    void aReaderWhileAnotherProcessAppendsNeverCountsWrong() throws Exception {
        Path journal = dir.resolve("startups.jsonl");
        Files.createFile(journal);
        Path digest = JournalStartupStore.digestOf(journal);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                JournalWriterMain.class.getName(),
                journal.toString(),
                Integer.toString(LAUNCHES),
                NOW.toString());
        CompletableFuture<ProcessRun> writer =
                CompletableFuture.supplyAsync(() -> ProcessRun.run(command, Map.of(), Duration.ofSeconds(120)));

        long last = 0;
        int reads = 0;
        int midway = 0;
        while (!writer.isDone()) {
            Seen seen = read(journal, digest);
            long lines = Files.readAllLines(journal).size();
            assertThat(seen.count())
                    .as("read %d", reads)
                    .isGreaterThanOrEqualTo(last)
                    .isLessThanOrEqualTo(lines);
            // Only a line being written at that moment may be unreadable: the last one.
            assertThat(seen.problems()).hasSizeLessThanOrEqualTo(1);
            if (seen.count() > 0 && seen.count() < LAUNCHES) {
                midway++;
            }
            last = seen.count();
            reads++;
        }
        ProcessRun run = writer.get();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(midway).as("reads while the journal grew").isGreaterThan(0);

        Seen through = read(journal, digest);
        Seen full = read(journal, null);
        assertThat(full.count()).isEqualTo(LAUNCHES);
        assertThat(full.problems()).isEmpty();
        assertThat(through).isEqualTo(full);
        assertThat(read(journal, digest)).isEqualTo(full);
        assertThat(JournalDigest.read(digest).orElseThrow().recordCount()).isEqualTo(LAUNCHES);
    }
}
