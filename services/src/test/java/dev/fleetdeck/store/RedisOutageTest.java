package dev.fleetdeck.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.testbed.OwnRedis;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup records across a Redis outage: none lost, none duplicated, told to the operator. */
@RealTestBed
class RedisOutageTest {
    @TempDir
    Path dir;

    private static StartupRecord record(int i) {
        return new StartupRecord(
                "s-" + i,
                "firefox",
                "u",
                "agent1",
                "c" + i,
                StartupRecord.Outcome.READY,
                null,
                false,
                List.of(),
                new StartupRecord.Performance(
                        Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i),
                        100,
                        5,
                        1000,
                        500,
                        1605,
                        2,
                        20,
                        List.of(),
                        "events"));
    }

    @Test
    void recordsWrittenWhileRedisIsDownAreReplayedOnceWhenItReturns() throws Exception {
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        AtomicLong clock = new AtomicLong(0);
        List<String> problems = new CopyOnWriteArrayList<>();
        try (OwnRedis server = new OwnRedis(redisDir);
                RedisLink link =
                        new RedisLink(new RedisConnector(server.uri(), Duration.ofSeconds(1)), clock::get, 1000);
                ReplicatedStartupStore store = new ReplicatedStartupStore(
                        dir.resolve("startups.jsonl"),
                        new RedisStartupStore(link, new StartupRecordCodec()),
                        Json.mapper(),
                        problems::add)) {
            for (int i = 0; i < 3; i++) {
                store.append(record(i));
            }
            assertThat(server.cli("zcard", RedisStartupStore.KEY).strip()).isEqualTo("3");

            server.stop();
            for (int i = 3; i < 8; i++) {
                clock.addAndGet(2000);
                store.append(record(i));
            }
            assertThat(store.redisUp()).isFalse();
            assertThat(problems).anyMatch(p -> p.contains("Redis unavailable"));
            // Reads fall back to the journal: everything is still there.
            List<StartupRecord> whileDown = new ArrayList<>();
            store.forEachSince(Instant.EPOCH, whileDown::add);
            assertThat(whileDown).hasSize(8);

            server.start();
            clock.addAndGet(2000);
            store.replicate();
            // A second replay (as after a crash between sending and saving the offset) adds nothing.
            Files.deleteIfExists(dir.resolve("startups.jsonl.replicated"));
            clock.addAndGet(2000);
            store.replicate();

            assertThat(store.redisUp()).isTrue();
            assertThat(problems).anyMatch(p -> p.contains("Redis is back"));
            // The restarted server lost its memory (no persistence): all 8 came from the journal.
            assertThat(server.cli("zcard", RedisStartupStore.KEY).strip()).isEqualTo("8");
            List<StartupRecord> fromRedis = new ArrayList<>();
            store.forEachSince(Instant.EPOCH, fromRedis::add);
            assertThat(fromRedis)
                    .extracting(StartupRecord::sessionId)
                    .doesNotHaveDuplicates()
                    .hasSize(8);
            assertThat(new HashSet<>(fromRedis)).isEqualTo(new HashSet<>(whileDown));
        }
    }

    @Test
    void aRecordAFullDiskRefusesIsInRedisAtOnceAndInTheJournalOnceItHasRoom() throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        try (SmallDisk disk = new SmallDisk(dir.resolve("small"), 64);
                OwnRedis server = new OwnRedis(Files.createDirectories(dir.resolve("redis")));
                RedisLink link = new RedisLink(
                        new RedisConnector(server.uri(), Duration.ofSeconds(1)), System::currentTimeMillis, 1000)) {
            Path journal = disk.dir().resolve("startups.jsonl");
            try (ReplicatedStartupStore store = new ReplicatedStartupStore(
                    journal, new RedisStartupStore(link, new StartupRecordCodec()), Json.mapper(), problems::add)) {
                store.append(record(0));
                disk.fill();
                // No exception while the disk refuses: Redis has each record (the journal's last page takes a few
                // first).
                for (int i = 1; i <= 20; i++) {
                    store.append(record(i));
                }
                assertThat(server.cli("zcard", RedisStartupStore.KEY).strip()).isEqualTo("21");
                assertThat(problems)
                        .anyMatch(p -> p.contains("No space left on device") && p.contains("in Redis meanwhile"));

                disk.free();
                store.replicate();
            }
            List<StartupRecord> inJournal = new ArrayList<>();
            try (JournalStartupStore j = new JournalStartupStore(journal, Json.mapper())) {
                j.forEachSince(Instant.EPOCH, inJournal::add);
            }
            assertThat(inJournal)
                    .hasSize(21)
                    .extracting(StartupRecord::sessionId)
                    .doesNotHaveDuplicates();
            // Written to the journal later and replicated again: still one member each.
            assertThat(server.cli("zcard", RedisStartupStore.KEY).strip()).isEqualTo("21");
        }
    }
}
