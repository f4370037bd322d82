package dev.fleetdeck.drain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.store.Json;
import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.store.RedisLink;
import dev.fleetdeck.testbed.OwnRedis;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log written by separate processes of one machine: into the shared journal (the
 * embedded default), and with Redis stopped and started again under them, into the team's stream.
 */
@RealTestBed
class AuditLogProcessesTest {
    private static final int PER_PROCESS = 60;

    @TempDir
    Path dir;

    @Test
    void twoProcessesAppendingToTheJournalKeepEveryEntryWhole() throws Exception {
        Path journal = dir.resolve("audit.jsonl");
        List<ProcessRun> runs = appendFromTwoProcesses(journal, "none", 0, () -> {});

        runs.forEach(r -> assertThat(r.exitCode()).as(r.stderr()).isZero());
        try (JournalAuditLog log = new JournalAuditLog(journal, Json.mapper())) {
            assertThat(log.since(Instant.EPOCH, 1000))
                    .extracting(AuditEntry::detail)
                    .containsExactlyInAnyOrderElementsOf(expectedDetails());
        }
    }

    @Test
    void twoProcessesAppendingWhileRedisStopsAndStartsPutEveryEntryInTheStreamOnce() throws Exception {
        Path journal = dir.resolve("audit.jsonl");
        // Persistent: a restart of a Redis that keeps nothing forgets the log, which config check warns about.
        try (OwnRedis server = new OwnRedis(Files.createDirectories(dir.resolve("redis")), true)) {
            List<ProcessRun> runs = appendFromTwoProcesses(journal, server.uri(), 100, () -> {
                awaitLines(journal, 20);
                server.stop();
                awaitLines(journal, 50);
                server.start();
            });

            runs.forEach(r -> assertThat(r.exitCode()).as(r.stderr()).isZero());
            // The outage really fell in the middle of the appends, and both processes went on.
            assertThat(runs)
                    .extracting(ProcessRun::stderr)
                    .anyMatch(e -> e.contains("audit entries stay in the journal"));
            assertThat(server.cli("xlen", RedisAuditLog.STREAM).strip()).isEqualTo(Integer.toString(2 * PER_PROCESS));
            try (RedisLink link = new RedisLink(
                    new RedisConnector(server.uri(), Duration.ofSeconds(2)), System::currentTimeMillis, 1000)) {
                List<AuditEntry> inRedis = new RedisAuditLog(link, Json.mapper()).since(Instant.EPOCH, 1000);
                assertThat(inRedis)
                        .extracting(AuditEntry::detail)
                        .containsExactlyInAnyOrderElementsOf(expectedDetails());
                assertThat(inRedis).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
            }
        }
    }

    private static List<String> expectedDetails() {
        List<String> all = new ArrayList<>();
        for (String who : List.of("A", "B")) {
            IntStream.range(0, PER_PROCESS).forEach(i -> all.add(who + " #" + i));
        }
        return all;
    }

    private static List<ProcessRun> appendFromTwoProcesses(
            Path journal, String redis, int pauseMillis, Runnable meanwhile) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ProcessRun>> runs = new ArrayList<>();
            for (String who : List.of("A", "B")) {
                List<String> command = List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Appender.class.getName(),
                        journal.toString(),
                        redis,
                        who,
                        Integer.toString(PER_PROCESS),
                        Integer.toString(pauseMillis));
                runs.add(pool.submit(() -> ProcessRun.run(command, Map.of(), Duration.ofSeconds(90))));
            }
            meanwhile.run();
            List<ProcessRun> done = new ArrayList<>();
            for (Future<ProcessRun> r : runs) {
                done.add(r.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitLines(Path journal, int lines) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (Files.exists(journal) && Files.readAllLines(journal).size() >= lines) {
                    return;
                }
            } catch (IOException e) {
                // being written: look again
            }
            sleep(20);
        }
        throw new AssertionError("the appenders did not write " + lines + " lines in 60 s");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One console's process: appends entries as a console does (journal first, then Redis if any). */
    public static final class Appender {
        public static void main(String[] args) throws Exception {
            Path journal = Path.of(args[0]);
            String who = args[2];
            int count = Integer.parseInt(args[3]);
            long pause = Long.parseLong(args[4]);
            RedisLink link = args[1].equals("none")
                    ? null
                    : new RedisLink(new RedisConnector(args[1], Duration.ofSeconds(1)), System::currentTimeMillis, 200);
            AuditLog log = link == null
                    ? new JournalAuditLog(journal, Json.mapper())
                    : new ReplicatedAuditLog(
                            journal, new RedisAuditLog(link, Json.mapper()), Json.mapper(), System.err::println);
            try {
                for (int i = 0; i < count; i++) {
                    log.append(new AuditEntry(Instant.now(), who, AuditAction.DRAIN, "agent1", "ok", who + " #" + i));
                    Thread.sleep(pause);
                }
                if (log instanceof ReplicatedAuditLog r) {
                    // What a console's timer does: replays until Redis has everything (the test's Redis is back by
                    // now).
                    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while ((r.replicate() >= 0 && !r.redisUp()) && System.nanoTime() < until) {
                        Thread.sleep(200);
                    }
                }
            } finally {
                log.close();
                if (link != null) {
                    link.close();
                }
            }
        }
    }
}
