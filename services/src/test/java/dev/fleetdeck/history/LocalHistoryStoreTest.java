package dev.fleetdeck.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetdeck.testbed.ProcessRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local history store on a real SQLite file, written by this JVM and by separate ones. */
class LocalHistoryStoreTest {
    // A bucket start: 15-s, 5-min, 30-min and 2-h buckets all begin here.
    private static final long T0 = 1_700_006_400L;

    /** Stores written before the codes existed hold the enum's order then: the codes keep those numbers. */
    @Test
    void rangeCodesAreTheNumbersStoresAlreadyHoldAndNeverShared() {
        assertThat(List.of(HistoryRange.values()))
                .extracting(HistoryRange::code)
                .doesNotHaveDuplicates();
        assertThat(List.of(HistoryRange.HOUR, HistoryRange.DAY, HistoryRange.WEEK, HistoryRange.MONTH))
                .extracting(HistoryRange::code)
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void aBucketKeepsTheAverageAndThePeakOfItsSamples(@TempDir Path dir) throws Exception {
        try (LocalHistoryStore store = LocalHistoryStore.open(dir.resolve("history.db"))) {
            Instant at = Instant.ofEpochSecond(T0);
            store.record(List.of(host("a", at, 40, 30)));
            store.record(List.of(host("a", at.plusSeconds(5), 60, 70)));
            store.record(List.of(HistoryWriterProcess.sample("a", at.plusSeconds(10), 20)));

            HistoryPoint p = store.points(List.of("a"), HistoryRange.HOUR, at.minusSeconds(1))
                    .get("a")
                    .get(0);
            assertThat(p.at()).isEqualTo(at);
            // The host's figures average over the samples that had them; the third had none.
            assertThat(p.hostCpu()).isCloseTo(50, within(1e-9));
            assertThat(p.hostCpuPeak()).isEqualTo(60);
            assertThat(p.hostMem()).isCloseTo(50, within(1e-9));
            assertThat(p.hostMemPeak()).isCloseTo(70, within(1e-9));
            assertThat(p.sessionsCpu()).isCloseTo((40 + 60 + 20) / 3.0, within(1e-9));
            // The same three samples landed in the 2-hour bucket of the month too.
            HistoryPoint month = store.points(List.of("a"), HistoryRange.MONTH, at.minusSeconds(1))
                    .get("a")
                    .get(0);
            assertThat(month.sessionsCpu()).isCloseTo(p.sessionsCpu(), within(1e-9));
        }
    }

    @Test
    void aRangeKeepsNoMoreThanItsPointsWhateverTheUptime(@TempDir Path dir) throws Exception {
        try (LocalHistoryStore store = LocalHistoryStore.open(dir.resolve("history.db"))) {
            // Three hours of refreshes every 5 s: 2,160 samples.
            for (int i = 0; i < 3 * 720; i++) {
                store.record(List.of(host("a", Instant.ofEpochSecond(T0 + 5L * i), 10, 20)));
            }
            Instant end = Instant.ofEpochSecond(T0 + 5L * 3 * 720);
            List<HistoryPoint> hour = store.points(List.of("a"), HistoryRange.HOUR, Instant.ofEpochSecond(T0))
                    .get("a");
            // The hour's buckets older than the hour were deleted as the store went: at most a range and a bucket.
            assertThat(hour.size()).isBetween(HistoryRange.HOUR.points(), HistoryRange.HOUR.points() + 6);
            assertThat(hour.get(0).at()).isAfter(end.minus(Duration.ofMinutes(62)));
            assertThat(store.points(List.of("a"), HistoryRange.DAY, Instant.ofEpochSecond(T0))
                            .get("a"))
                    .hasSize(36);
        }
    }

    @Test
    void separateProcessesWritingOneStoreLoseNothingAndAFreshOneReadsItAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int refreshes = 120;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // Two consoles and a keeper of one workstation, watching the same agents at the same time.
            List<Future<ProcessRun>> runs = new ArrayList<>();
            for (double cpu : new double[] {10, 20, 30}) {
                List<String> command = List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        HistoryWriterProcess.class.getName(),
                        file.toString(),
                        Long.toString(T0),
                        Integer.toString(refreshes),
                        Double.toString(cpu));
                runs.add(pool.submit(() -> ProcessRun.run(command, Map.of(), Duration.ofMinutes(2))));
            }
            for (Future<ProcessRun> run : runs) {
                assertThat(run.get().exitCode()).as(run.get().stderr()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        // Every writer is gone: a console started now reads what they kept.
        long now = T0 + 15L * refreshes;
        ProcessRun read = ProcessRun.run(
                List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        HistoryReaderProcess.class.getName(),
                        file.toString(),
                        Long.toString(now)),
                Map.of(),
                Duration.ofSeconds(60));
        List<String> lines = read.requireSuccess().lines().toList();
        List<String> points = lines.stream().filter(l -> !l.startsWith("type ")).toList();
        assertThat(points).hasSize(2 * refreshes);
        for (String line : points) {
            String[] f = line.split(" ", -1);
            // Each 15-s bucket got one sample from each process: a lost write would move the mean off 20.
            assertThat(Double.parseDouble(f[2])).as(line).isCloseTo(20, within(1e-6));
        }
        assertThat(lines)
                .contains(
                        "type firefox a1 " + 3 * refreshes + " 0.2000", "type firefox a2 " + 3 * refreshes + " 0.2000");
    }

    @Test
    void aConsoleHoldingTheStoreOpenBetweenWritesBlocksNoOtherProcess(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (LocalHistoryStore console = LocalHistoryStore.open(file)) {
            console.record(List.of(host("a1", Instant.ofEpochSecond(T0), 10, 20)));
            // This console stays open, as a window does for hours; a command of another process writes meanwhile.
            ProcessRun other = ProcessRun.run(
                    List.of(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            HistoryWriterProcess.class.getName(),
                            file.toString(),
                            Long.toString(T0 + 15),
                            "3",
                            "30"),
                    Map.of(),
                    Duration.ofSeconds(60));
            assertThat(other.exitCode()).as(other.stderr()).isZero();
            console.record(List.of(host("a1", Instant.ofEpochSecond(T0 + 60), 10, 20)));
            assertThat(console.points(List.of("a1"), HistoryRange.HOUR, Instant.ofEpochSecond(T0))
                            .get("a1"))
                    .hasSize(5);
        }
    }

    @Test
    void anInMemoryStoreWritesNoFile() throws Exception {
        try (LocalHistoryStore store = LocalHistoryStore.inMemory()) {
            store.record(List.of(host("a", Instant.ofEpochSecond(T0), 1, 2)));
            assertThat(store.file()).isNull();
            assertThat(store.sizeOnDisk()).isZero();
            assertThat(store.points(List.of("a", "b"), HistoryRange.HOUR, Instant.ofEpochSecond(T0 - 1)))
                    .containsOnlyKeys("a");
        }
    }

    static HostSample host(String agent, Instant at, double cpu, double memPercent) {
        long total = 100L << 30;
        return new HostSample(
                agent,
                at,
                cpu,
                (long) (total * memPercent / 100),
                total,
                cpu,
                1L << 30,
                total,
                16,
                2,
                Map.of("firefox", new HostSample.TypeUse(2, 0.5, 2L << 30)));
    }
}
