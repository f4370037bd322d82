package dev.fleetdeck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.testbed.SmallDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on a full disk or in a place it cannot write: a clear error, nothing silently lost. */
class JournalFaultsTest {
    @TempDir
    Path dir;

    private static StartupRecord record(String id) {
        return new StartupRecord(
                id,
                "firefox",
                "u",
                "agent1",
                "c",
                StartupRecord.Outcome.READY,
                null,
                false,
                List.of(),
                new StartupRecord.Performance(
                        Instant.parse("2026-11-20T10:00:00Z"), 1, 1, 1, 1, 4, 1, 1, List.of(), "events"));
    }

    @Test
    void aFullDiskFailsTheAppendWithAMessageNamingTheFileAndTheCause() throws Exception {
        Path full = Path.of("/dev/full"); // every write: ENOSPC, as on a full disk
        assumeTrue(Files.isWritable(full), "/dev/full is not writable here");
        try (JournalStartupStore store = new JournalStartupStore(full, Json.mapper())) {
            assertThatThrownBy(() -> store.append(record("s1")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("/dev/full")
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("is the disk full");
        }
    }

    @Test
    void aTornLastLineIsSkippedAndTheRecordsBeforeItAreKept() throws Exception {
        Path journal = dir.resolve("startups.jsonl");
        try (JournalStartupStore store = new JournalStartupStore(journal, Json.mapper())) {
            store.append(record("s1"));
            store.append(record("s2"));
        }
        // A machine that crashed mid-write leaves half a line.
        Files.writeString(journal, "{\"sessionId\":\"s3\",\"performance\":{\"provis", StandardOpenOption.APPEND);
        List<StartupRecord> read = new ArrayList<>();
        try (JournalStartupStore store = new JournalStartupStore(journal, Json.mapper())) {
            store.forEachSince(Instant.EPOCH, read::add);
        }
        assertThat(read).extracting(StartupRecord::sessionId).containsExactly("s1", "s2");
    }

    @Test
    void aRecordAppendedAfterATornLineIsReadWhole() throws Exception {
        Path journal = dir.resolve("startups.jsonl");
        try (JournalStartupStore store = new JournalStartupStore(journal, Json.mapper())) {
            store.append(record("s1"));
        }
        // A write the disk cut short (full) or a crash left half a line with no line end.
        Files.writeString(journal, "{\"sessionId\":\"s2\",\"perf", StandardOpenOption.APPEND);
        List<String> problems = new ArrayList<>();
        List<StartupRecord> read = new ArrayList<>();
        try (JournalStartupStore store = new JournalStartupStore(journal, Json.mapper())) {
            store.append(record("s3"));
            store.forEachSince(Instant.EPOCH, read::add, p -> problems.add(p.toString()));
        }
        assertThat(read).extracting(StartupRecord::sessionId).containsExactly("s1", "s3");
        assertThat(problems).hasSize(1); // the torn line itself, reported
    }

    @Test
    void recordsAFullDiskRefusedAreWrittenOnceItHasRoomEachOnceAndWhole() throws Exception {
        try (SmallDisk disk = new SmallDisk(dir.resolve("small"), 64)) {
            Path journal = disk.dir().resolve("startups.jsonl");
            List<String> problems = new ArrayList<>();
            List<StartupRecord> read = new ArrayList<>();
            try (JournalStartupStore store = new JournalStartupStore(journal, Json.mapper(), problems::add)) {
                store.append(record("before"));
                disk.fill();
                // The journal's last page still has some room: the disk refuses a record part-way through it.
                int refused = 0;
                for (int i = 0; i < 20; i++) {
                    try {
                        store.append(record("full-" + i));
                    } catch (IOException e) {
                        assertThat(e)
                                .hasMessageContaining("No space left on device")
                                .hasMessageContaining("kept in memory");
                        refused++;
                    }
                }
                assertThat(refused).isGreaterThan(5);
                assertThat(store.unwrittenCount()).isEqualTo(refused);
                disk.free();
                store.append(record("after"));
                assertThat(store.unwrittenCount()).isZero();
                store.forEachSince(Instant.EPOCH, read::add, p -> problems.add(p.toString()));
            }
            assertThat(problems).isEmpty(); // no torn line: the part a failed write left was taken back
            assertThat(read)
                    .hasSize(22)
                    .extracting(StartupRecord::sessionId)
                    .doesNotHaveDuplicates()
                    .startsWith("before")
                    .endsWith("after");
        }
    }
}
