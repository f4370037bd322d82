package dev.fleetdeck.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.startup.AnalysisFixtures;
import dev.fleetdeck.startup.RecordProblem;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.testbed.OwnRedis;
import dev.fleetdeck.testbed.RealTestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every store reads through the one codec and tells each entry it skips, located, in the same words. */
@RealTestBed
class StartupStoreProblemsTest {
    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");
    private static final String BAD = "{\"workspaceType\":\"kali\",\"outcome\":\"done\",\"performance\":{}}";
    private static final String REASON = "outcome: expected \"ready\" or \"failed\", got \"done\"";

    @TempDir
    Path dir;

    @Test
    void aRecordWrittenByTheCodecReadsBackTheSame() throws Exception {
        StartupRecord r = AnalysisFixtures.launch("s-1", "kali", "agent-2", AT, 41_234, true);
        StartupRecordCodec codec = new StartupRecordCodec();
        List<RecordProblem> problems = new ArrayList<>();

        assertThat(codec.decode(codec.encode(r), 1, p -> problems.add(RecordProblem.of("x", p))))
                .isEqualTo(r);
        assertThat(problems).isEmpty();
        // The databind form other code exported before is still read the same.
        assertThat(codec.decode(Json.mapper().writeValueAsString(r), 1, p -> problems.add(RecordProblem.of("x", p))))
                .isEqualTo(r);
    }

    @Test
    void theJournalTellsABadLineByFileLineAndReason() throws Exception {
        Path file = dir.resolve("startups.jsonl");
        List<String> told = new ArrayList<>();
        try (JournalStartupStore store = new JournalStartupStore(file, Json.mapper(), told::add)) {
            store.append(AnalysisFixtures.launch("s-1", "kali", "a", AT, 40_000, true));
            Files.writeString(file, BAD + "\n", StandardOpenOption.APPEND);
            store.append(AnalysisFixtures.launch("s-2", "kali", "a", AT, 40_000, true));
            List<StartupRecord> read = new ArrayList<>();
            List<RecordProblem> problems = new ArrayList<>();
            store.forEachSince(Instant.EPOCH, read::add, problems::add);
            store.forEachSince(Instant.EPOCH, r -> {});

            assertThat(read).extracting(StartupRecord::sessionId).containsExactly("s-1", "s-2");
            assertThat(problems).containsExactly(new RecordProblem(file.toString(), 2, REASON));
            assertThat(problems.get(0)).hasToString(file + ":2: skipped: " + REASON);
            assertThat(told).containsExactly(file + ":2: skipped: " + REASON);
        }
    }

    @Test
    void redisTellsABadMemberByKeyRankAndReasonAndAnOutageFallsBackWithACaveat() throws Exception {
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        List<String> told = new CopyOnWriteArrayList<>();
        try (OwnRedis server = new OwnRedis(redisDir);
                RedisLink link = new RedisLink(
                        new RedisConnector(server.uri(), Duration.ofSeconds(1)), System::currentTimeMillis, 1000);
                ReplicatedStartupStore store = new ReplicatedStartupStore(
                        dir.resolve("startups.jsonl"),
                        new RedisStartupStore(link, new StartupRecordCodec()),
                        Json.mapper(),
                        told::add)) {
            store.append(AnalysisFixtures.launch("s-1", "kali", "a", AT, 40_000, true));
            store.append(AnalysisFixtures.launch("s-3", "kali", "a", AT.plusSeconds(20), 40_000, true));
            server.cli(
                    "zadd",
                    RedisStartupStore.KEY,
                    Long.toString(AT.plusSeconds(10).toEpochMilli()),
                    BAD);

            List<StartupRecord> read = new ArrayList<>();
            List<RecordProblem> problems = new ArrayList<>();
            store.forEachSince(AT, read::add, problems::add);
            assertThat(read).extracting(StartupRecord::sessionId).containsExactly("s-1", "s-3");
            assertThat(problems).containsExactly(new RecordProblem("redis " + RedisStartupStore.KEY, 2, REASON));
            assertThat(store.caveat()).isEmpty();

            server.stop();
            List<StartupRecord> whileDown = new ArrayList<>();
            store.forEachSince(AT, whileDown::add, problems::add);
            assertThat(whileDown).extracting(StartupRecord::sessionId).containsExactly("s-1", "s-3");
            assertThat(store.caveat())
                    .get()
                    .asString()
                    .contains("Redis unreachable", "teammates' launches may be missing");
            assertThat(told).anyMatch(t -> t.contains("reading the local journal"));
        }
    }
}
