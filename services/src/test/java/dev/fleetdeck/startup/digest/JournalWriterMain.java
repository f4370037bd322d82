package dev.fleetdeck.startup.digest;

import dev.fleetdeck.analytics.StartupAnalytics;
import dev.fleetdeck.config.WorkspaceCatalog;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.store.JournalStartupStore;
import dev.fleetdeck.store.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A second process for {@link DigestAcrossProcessesTest}: appends generated launches to a journal,
 * every other one through the store and the others in two writes a moment apart (so a reader
 * finds half lines), and every so often reads it through its digest too, so two processes make
 * and replace the same digest while the journal grows.
 * Arguments: journal, launches, the instant they end at.
 */
public final class JournalWriterMain {
    private JournalWriterMain() {}

    public static void main(String[] args) throws IOException {
        Path journal = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Instant now = Instant.parse(args[2]);
        SplittableRandom random = new SplittableRandom(11);
        StartupRecordCodec timings = new StartupRecordCodec(StartupRecordCodec.Detail.TIMINGS);
        StartupAnalytics analytics =
                new StartupAnalytics(WorkspaceCatalog.builtIn(), Clock.fixed(now, ZoneOffset.UTC), timings);
        StartupRecordCodec codec = new StartupRecordCodec();
        try (JournalStartupStore store = new JournalStartupStore(journal, Json.mapper());
                FileChannel slow = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < count; i++) {
                StartupRecord r = DigestJournals.record(random, now, i);
                if (i % 2 == 0) {
                    store.append(r);
                } else {
                    // As a slow disk or a long line may land: half a line first, the rest a moment later.
                    byte[] line = (codec.encode(r) + "\n").getBytes(StandardCharsets.UTF_8);
                    int half = line.length / 2;
                    slow.write(ByteBuffer.wrap(line, 0, half));
                    LockSupport.parkNanos(300_000);
                    slow.write(ByteBuffer.wrap(line, half, line.length - half));
                }
                if (i % 700 == 0) {
                    JournalStartupStore.read(
                            journal,
                            JournalStartupStore.digestOf(journal),
                            timings,
                            analytics.newRun(StartupAnalytics.Query.lastDays(30)),
                            p -> {});
                }
            }
        }
    }
}
