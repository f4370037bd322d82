package dev.fleetdeck.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a file in ranges on several threads gives what reading it on one does, byte for byte. */
class ParallelReadTest {
    private static final Instant NOW = Instant.parse("2026-01-20T12:00:00Z");
    private static final String[] TYPES = {"firefox", "vscode", "burp", "kali", "empire", "custom"};

    @TempDir
    Path dir;

    private final StartupAnalyzer analyzer = new StartupAnalyzer(Clock.fixed(NOW, ZoneOffset.UTC));
    private final StartupRecordCodec reader = new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS);

    /** What one read produced: the summary, every problem in the order reported, and the report in both forms. */
    private record Outcome(
            StartupRecordCodec.ReadSummary summary,
            List<LineProblem> problems,
            AnalysisReport report,
            String text,
            String json) {}

    private Outcome sequential(Path file) throws IOException {
        StartupAccumulator acc = analyzer.accumulator(AnalysisOptions.defaults());
        List<LineProblem> problems = new ArrayList<>();
        var summary = reader.read(file, acc, problems::add);
        return outcome(summary, problems, acc.report());
    }

    private Outcome parallel(Path file, int ranges) throws IOException {
        StartupAccumulator acc = analyzer.accumulator(AnalysisOptions.defaults());
        List<LineProblem> problems = new ArrayList<>();
        Thread caller = Thread.currentThread();
        var summary = reader.read(
                file,
                acc,
                p -> {
                    assertThat(Thread.currentThread()).isSameAs(caller);
                    problems.add(p);
                },
                ranges);
        return outcome(summary, problems, acc.report());
    }

    private static Outcome outcome(
            StartupRecordCodec.ReadSummary summary, List<LineProblem> problems, AnalysisReport report) {
        return new Outcome(
                summary, problems, report, new ReportText().render(report, true), new ReportJson().toJson(report));
    }

    /** A journal with everything a real one may hold: bad lines, blank lines, CRLF, a BOM, no final newline. */
    private static String journal(int lines, long seed, double badShare) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder("\uFEFF");
        for (int i = 0; i < lines; i++) {
            double u = random.nextDouble();
            if (u < badShare / 4) {
                out.append("{\"workspaceType\": \"kali\", \"outcome\": \"ready\", \"perf");
            } else if (u < badShare / 2) {
                out.append("{\"workspaceType\": 7, \"outcome\": \"ready\", \"performance\": {}}");
            } else if (u < badShare * 3 / 4) {
                out.append("   ");
            } else if (u < badShare) {
                out.append(record(random, i).replace("\"totalStartupTimeMs\": ", "\"totalStartupTimeMs\": -"));
            } else {
                out.append(record(random, i));
            }
            out.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        out.append(record(random, lines));
        return out.toString();
    }

    private static String record(SplittableRandom random, int i) {
        long quota = random.nextInt(500);
        long create = 1L + random.nextInt(40_000);
        long monitoring = random.nextInt(20_000);
        boolean agent = random.nextInt(20) != 0;
        String at = NOW.minusSeconds(random.nextInt(8 * 86_400)).toString();
        return String.format(
                Locale.ROOT,
                "{\"sessionId\": \"s%d\", \"workspaceType\": \"%s\", %s\"outcome\": \"%s\","
                        + " \"performance\": {\"provisioningStartedAt\": \"%s\", \"quotaCheckDurationMs\": %d,"
                        + " \"placementDurationMs\": %d, \"sessionCreateDurationMs\": %d, \"monitoringDurationMs\": %d,"
                        + " \"totalStartupTimeMs\": %s}}",
                i,
                TYPES[random.nextInt(TYPES.length)],
                agent ? "\"agent\": \"agent-" + random.nextInt(12) + "\", " : "",
                random.nextInt(30) == 0 ? "failed" : "ready",
                at,
                quota,
                random.nextInt(40),
                create,
                monitoring,
                random.nextInt(7) == 0
                        ? (quota + create + monitoring) + ".4"
                        : Long.toString(quota + create + monitoring));
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("records-" + System.nanoTime() + ".jsonl");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void everyNumberOfRangesGivesTheSameReportAndTheSameProblemsAsOneThread() throws IOException {
        Path file = write(journal(5_000, 1, 0.03));
        Outcome one = sequential(file);
        assertThat(one.problems()).hasSizeGreaterThan(50);
        assertThat(one.report().count()).isGreaterThan(4_000);

        for (int ranges = 1; ranges <= 9; ranges++) {
            Outcome many = parallel(file, ranges);
            assertThat(many.summary()).as("%d ranges", ranges).isEqualTo(one.summary());
            assertThat(many.problems()).as("%d ranges", ranges).containsExactlyElementsOf(one.problems());
            assertThat(many.report()).as("%d ranges", ranges).isEqualTo(one.report());
            assertThat(many.text()).as("%d ranges", ranges).isEqualTo(one.text());
            assertThat(many.json()).as("%d ranges", ranges).isEqualTo(one.json());
        }
    }

    @Test
    void problemLineNumbersAreTheFilesLineNumbers() throws IOException {
        String good = record(new SplittableRandom(2), 0);
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 1_000; i++) {
            text.append(i % 100 == 0 ? "{broken" : i % 7 == 0 ? "" : good).append('\n');
        }
        Path file = write(text.toString());

        Outcome many = parallel(file, 4);

        assertThat(many.problems())
                .extracting(LineProblem::lineNumber)
                .containsExactly(100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L, 1_000L);
        assertThat(many.summary()).isEqualTo(new StartupRecordCodec.ReadSummary(1_000, 1_000 - 10 - 142 + 1, 10));
    }

    @Test
    void byteOrderMarksReadTheSameInAnyRange() throws IOException {
        String good = record(new SplittableRandom(3), 0);
        // One at the start of the file, one mid-file (which Jackson's byte parser skips too), wherever the cuts fall.
        String text = "\uFEFF" + (good + "\n").repeat(50) + "\uFEFF" + good + "\n" + (good + "\n").repeat(50);
        Path file = write(text);

        Outcome one = sequential(file);
        assertThat(one.summary()).isEqualTo(new StartupRecordCodec.ReadSummary(101, 101, 0));
        for (int ranges = 2; ranges <= 5; ranges++) {
            Outcome many = parallel(file, ranges);
            assertThat(many.problems()).containsExactlyElementsOf(one.problems());
            assertThat(many.json()).isEqualTo(one.json());
        }
    }

    @Test
    void moreProblemsThanALaterRangeHoldsAreStillAllReportedInOrder() throws IOException {
        int bad = StartupRecordCodec.MAX_HELD_PROBLEMS + 500;
        String good = record(new SplittableRandom(4), 0);
        String text = (good + "\n").repeat(2_000) + "{oops\n".repeat(bad) + good + "\n";
        Path file = write(text);

        Outcome one = sequential(file);
        Outcome many = parallel(file, 2);

        assertThat(one.problems()).hasSize(bad);
        assertThat(many.problems()).containsExactlyElementsOf(one.problems());
        assertThat(many.summary()).isEqualTo(one.summary());
        assertThat(many.json()).isEqualTo(one.json());
    }

    @Test
    void sumsPastWhatADoubleHoldsExactlyAreAddedInFileOrder() throws IOException {
        // Totals near 2^60 ms: adding them in another order rounds differently, so ranges are re-read in order.
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            long total = (1L << 60) + random.nextLong(1L << 40);
            text.append(String.format(
                    Locale.ROOT,
                    "{\"workspaceType\": \"kali\", \"agent\": \"a\", \"outcome\":"
                            + " \"ready\", \"performance\": {\"provisioningStartedAt\": \"2026-01-19T00:00:00Z\","
                            + " \"sessionCreateDurationMs\": %d, \"totalStartupTimeMs\": %d}}%n",
                    total - 3,
                    total));
        }
        Path file = write(text.toString());

        Outcome one = sequential(file);
        for (int ranges = 2; ranges <= 4; ranges++) {
            Outcome many = parallel(file, ranges);
            assertThat(many.report()).isEqualTo(one.report());
            assertThat(many.json()).isEqualTo(one.json());
        }
    }

    @Test
    void cutsFallJustAfterLineEnds() throws IOException {
        Path file = write(journal(300, 6, 0.1));
        byte[] bytes = Files.readAllBytes(file);

        for (int ranges = 1; ranges <= 12; ranges++) {
            long[] cuts = StartupRecordCodec.cuts(file, ranges);
            assertThat(cuts[0]).isZero();
            assertThat(cuts[cuts.length - 1]).isEqualTo(bytes.length);
            assertThat(cuts.length - 1).isBetween(1, ranges);
            for (int i = 1; i < cuts.length - 1; i++) {
                assertThat(cuts[i]).isGreaterThan(cuts[i - 1]);
                assertThat(bytes[(int) cuts[i] - 1]).isEqualTo((byte) '\n');
            }
        }
    }

    @Test
    void aFileWithOneLineOrNoneIsReadWhole() throws IOException {
        Path empty = write("");
        Path single = write(record(new SplittableRandom(7), 0));

        assertThat(parallel(empty, 2)).isEqualTo(sequential(empty));
        assertThat(StartupRecordCodec.cuts(single, 4)).containsExactly(0, Files.size(single));
        assertThat(parallel(single, 4)).isEqualTo(sequential(single));
    }

    @Test
    void mergingTwoHalvesEqualsFeedingEverything() throws IOException {
        List<StartupRecord> records = new ArrayList<>();
        new StartupRecordCodec().read(write(journal(2_000, 8, 0.0)), records::add, p -> {});
        StartupAccumulator all = analyzer.accumulator(AnalysisOptions.defaults());
        StartupAccumulator first = analyzer.accumulator(AnalysisOptions.defaults());
        StartupAccumulator second = first.emptyCopy();
        for (int i = 0; i < records.size(); i++) {
            all.accept(records.get(i));
            (i % 3 == 0 ? second : first).accept(records.get(i));
        }

        assertThat(first.mergesExactly(second)).isTrue();
        first.merge(second);

        assertThat(first.report()).isEqualTo(all.report());
        // The other is left as it was: still its own launches only.
        assertThat(second.report().count() + second.report().excluded()).isEqualTo((records.size() + 2) / 3);
    }

    @Test
    void onlyAccumulatorsOverTheSameWindowAndOptionsMerge() {
        StartupAccumulator a = analyzer.accumulator(AnalysisOptions.defaults());
        StartupAccumulator otherOptions =
                analyzer.accumulator(AnalysisOptions.defaults().withDays(3));
        StartupAccumulator otherNow = new StartupAnalyzer(Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC))
                .accumulator(AnalysisOptions.defaults());

        assertThatThrownBy(() -> a.merge(otherOptions)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.merge(otherNow)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.merge(a)).isInstanceOf(IllegalArgumentException.class);
    }
}
