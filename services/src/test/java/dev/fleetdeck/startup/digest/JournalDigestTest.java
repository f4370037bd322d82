package dev.fleetdeck.startup.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.analytics.StartupAnalytics;
import dev.fleetdeck.config.WorkspaceCatalog;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.ReportJson;
import dev.fleetdeck.startup.ReportText;
import dev.fleetdeck.startup.StartupAnalysis;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.startup.TrendCsv;
import dev.fleetdeck.startup.TrendUnit;
import dev.fleetdeck.store.JournalStartupStore;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal read through its digest gives the report a full parse gives, for every analysis, and
 * a digest that is not provably of the journal as it is now is never used.
 */
class JournalDigestTest {
    private static final Instant NOW = Instant.parse("2026-01-20T12:00:00Z");
    /** Every mode of the report: the window, trends by day and hour, a type, an agent (one that only fails too). */
    private static final List<StartupAnalytics.Query> QUERIES = List.of(
            new StartupAnalytics.Query(7, null, null, null),
            new StartupAnalytics.Query(7, null, null, TrendUnit.DAY),
            new StartupAnalytics.Query(3, "kali", null, TrendUnit.HOUR),
            new StartupAnalytics.Query(14, null, "agent-2", TrendUnit.DAY),
            new StartupAnalytics.Query(7, "vscode", "agent-5", TrendUnit.HOUR),
            new StartupAnalytics.Query(1, "chrome-ünï", null, TrendUnit.HOUR));

    @TempDir
    Path dir;

    private final StartupAnalytics analytics = new StartupAnalytics(
            WorkspaceCatalog.builtIn(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS));

    /** Everything a user sees of one analysis: the text, the export, the CSV, and each skipped line. */
    private record Seen(String text, String json, String csv, List<RecordProblem> problems) {}

    private record Read(DigestUse use, List<Seen> seen) {}

    private Read read(Path journal, Path digest) throws IOException {
        List<Seen> seen = new ArrayList<>();
        DigestUse use = null;
        for (StartupAnalytics.Query q : QUERIES) {
            List<RecordProblem> problems = new ArrayList<>();
            var run = analytics.newRun(q);
            DigestUse u = JournalStartupStore.read(
                    journal, digest, new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS), run, problems::add);
            use = use == null ? u : use;
            StartupAnalysis a = run.result();
            StringWriter csv = new StringWriter();
            new TrendCsv().write(a.trend(), csv);
            seen.add(new Seen(new ReportText().render(a, true), new ReportJson().toJson(a), csv.toString(), problems));
        }
        return new Read(use, seen);
    }

    /** The full parse, with no digest anywhere: what every read must equal. */
    private List<Seen> truth(Path journal) throws IOException {
        Read r = read(journal, null);
        assertThat(r.use()).isEqualTo(DigestUse.NONE);
        return r.seen();
    }

    private Path journal(String text) throws IOException {
        Path file = dir.resolve("startups.jsonl");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Path digest() {
        return dir.resolve("startups.jsonl.digest");
    }

    /** The first read of every query makes or uses the digest; the reads after it of the same journal use it. */
    private Read readTwice(Path journal) throws IOException {
        Read first = read(journal, digest());
        Read again = read(journal, digest());
        assertThat(again.use()).isEqualTo(DigestUse.USED);
        assertThat(again.seen()).isEqualTo(first.seen());
        return first;
    }

    @Test
    void theDigestGivesTheFullParsesReportForEveryAnalysisBadLinesIncluded() throws IOException {
        // A byte order mark, bad lines of every kind, CRLF, and a last line without its line end.
        String text = "\uFEFF" + DigestJournals.lines(0, 6_000, 1, NOW, 0.02) + "{\"torn";
        Path journal = journal(text);
        List<Seen> truth = truth(journal);
        assertThat(truth.get(0).problems()).hasSizeGreaterThan(50);
        assertThat(truth.get(0)
                        .problems()
                        .get(truth.get(0).problems().size() - 1)
                        .line())
                .isEqualTo(6_001);
        // agent-5 only fails: its buckets have launches and no percentiles.
        assertThat(truth.get(4).text()).contains("100.0 %");

        Read first = read(journal, digest());
        assertThat(first.use()).isEqualTo(DigestUse.BUILT);
        assertThat(first.seen()).isEqualTo(truth);
        Read used = read(journal, digest());
        assertThat(used.use()).isEqualTo(DigestUse.USED);
        assertThat(used.seen()).isEqualTo(truth);
        JournalDigest d = JournalDigest.read(digest()).orElseThrow();
        assertThat(d.prefix().bytes()).isEqualTo(Files.size(journal) - "{\"torn".length());
        assertThat(d.lines()).isEqualTo(6_000);
        assertThat(Files.size(digest())).isLessThan(Files.size(journal) / 15);
    }

    @Test
    void aLargeJournalReadOnEveryCoreAndReplayedOnTwoThreadsGivesTheSameReport() throws IOException {
        // Past the 8 MB of a parallel range and past the checkpoints a replay splits at.
        StringBuilder text = new StringBuilder();
        for (int part = 0; part < 12; part++) {
            text.append(DigestJournals.lines(part * 2_500, 2_500, 100 + part, NOW, 0.001));
        }
        Path journal = journal(text.toString());
        assertThat(Files.size(journal)).isGreaterThan(2 * StartupRecordCodec.MIN_BYTES_PER_RANGE);

        List<Seen> truth = truth(journal);
        assertThat(readTwice(journal).seen()).isEqualTo(truth);
    }

    @Test
    void linesAppendedAfterTheDigestAreParsedAndTheDigestExtended() throws IOException {
        Path journal = journal(DigestJournals.lines(0, 3_000, 2, NOW, 0.01));
        assertThat(read(journal, digest()).use()).isEqualTo(DigestUse.BUILT);
        long covered = JournalDigest.read(digest()).orElseThrow().prefix().bytes();

        Files.writeString(
                journal, DigestJournals.lines(3_000, 700, 3, NOW, 0.05) + "{\"half a line", StandardOpenOption.APPEND);
        List<Seen> truth = truth(journal);
        Read grown = read(journal, digest());

        assertThat(grown.use()).isEqualTo(DigestUse.EXTENDED);
        assertThat(grown.seen()).isEqualTo(truth);
        assertThat(truth.get(0).problems()).anyMatch(p -> p.line() > 3_000 && p.line() < 3_701);
        assertThat(truth.get(0)
                        .problems()
                        .get(truth.get(0).problems().size() - 1)
                        .line())
                .isEqualTo(3_701);
        JournalDigest extended = JournalDigest.read(digest()).orElseThrow();
        assertThat(extended.prefix().bytes()).isGreaterThan(covered);
        assertThat(extended.lines()).isEqualTo(3_700);

        // The half line completed: it is parsed now and digested, and nothing else is read again.
        Files.writeString(journal, "\"}\n", StandardOpenOption.APPEND);
        Read completed = read(journal, digest());
        assertThat(completed.use()).isEqualTo(DigestUse.EXTENDED);
        assertThat(completed.seen()).isEqualTo(truth(journal));
        assertThat(read(journal, digest()).use()).isEqualTo(DigestUse.USED);
    }

    @Test
    void aTruncatedJournalIsNotReadThroughItsDigest() throws IOException {
        Path journal = journal(DigestJournals.lines(0, 3_000, 4, NOW, 0.01));
        read(journal, digest());
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(journal) / 2);
        }
        List<Seen> truth = truth(journal);

        Read cut = read(journal, digest());

        assertThat(cut.use()).isEqualTo(DigestUse.BUILT);
        assertThat(cut.seen()).isEqualTo(truth);
    }

    @Test
    void aJournalEmptiedAndWrittenAgainInPlaceIsNotReadThroughItsDigest() throws IOException {
        Path journal = journal(DigestJournals.lines(0, 2_000, 5, NOW, 0.01));
        read(journal, digest());
        String key = JournalPrefix.fileKey(journal);
        // Same file (same inode), other launches, longer than what the digest covered.
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(
                    ByteBuffer.wrap(DigestJournals.lines(0, 2_500, 6, NOW, 0.01).getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(JournalPrefix.fileKey(journal)).isEqualTo(key);
        List<Seen> truth = truth(journal);

        Read rewritten = read(journal, digest());

        assertThat(rewritten.use()).isEqualTo(DigestUse.BUILT);
        assertThat(rewritten.seen()).isEqualTo(truth);
    }

    @Test
    void aJournalReplacedByAnotherFileIsNotReadThroughItsDigestEvenWithTheSameBytes() throws IOException {
        Path journal = journal(DigestJournals.lines(0, 2_000, 7, NOW, 0.01));
        read(journal, digest());
        Path copy = dir.resolve("copy.jsonl");
        Files.copy(journal, copy);
        Files.move(copy, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Read replaced = read(journal, digest());

        assertThat(replaced.use()).isEqualTo(DigestUse.BUILT);
        assertThat(replaced.seen()).isEqualTo(truth(journal));
    }

    @Test
    void aGarbageOrDamagedDigestIsIgnoredAndReplaced() throws IOException {
        Path journal = journal(DigestJournals.lines(0, 2_000, 8, NOW, 0.02));
        List<Seen> truth = truth(journal);
        read(journal, digest());
        byte[] good = Files.readAllBytes(digest());
        SplittableRandom random = new SplittableRandom(9);
        byte[] garbage = new byte[good.length];
        random.nextBytes(garbage);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        byte[] renumbered = good.clone();
        // The format number: a digest of another version is made again, not misread.
        renumbered[11] = 9;
        List<byte[]> damaged = List.of(
                new byte[0],
                "FDDIGEST".getBytes(StandardCharsets.US_ASCII),
                garbage,
                Arrays.copyOf(good, good.length / 2),
                flipped,
                renumbered);
        for (byte[] bytes : damaged) {
            Files.write(digest(), bytes);

            Read r = read(journal, digest());

            assertThat(r.use()).isEqualTo(DigestUse.BUILT);
            assertThat(r.seen()).isEqualTo(truth);
            assertThat(read(journal, digest()).use()).isEqualTo(DigestUse.USED);
        }
    }

    @Test
    void aJournalOfOnlyBadLinesOrNothingGivesTheSameAsTheFullParse() throws IOException {
        Path journal = journal("{oops\n\n[1,2]\n");
        assertThat(readTwice(journal).seen()).isEqualTo(truth(journal));
        Path empty = journal("");
        assertThat(read(empty, digest()).use()).isEqualTo(DigestUse.NONE);
        assertThat(read(empty, digest()).seen()).isEqualTo(truth(empty));
    }
}
