package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.app.Main;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command builds only the services it uses (issue 22): each command runs as a user runs it, in a
 * JVM of its own on the real test bed (its engines and its Redis), recorded by JFR (every thread the
 * process started) and the JVM's class-loading log (every class it loaded).
 */
@RealTestBed
class CommandFootprintTest {
    /** Lettuce starts one timer thread per Redis client ({@code lettuce-timer-3-1}), its event loops beside it. */
    private static final Pattern REDIS_CLIENT_TIMER = Pattern.compile("lettuce-timer-\\d+-\\d+");

    @TempDir
    Path dir;

    /** What one command's process did. */
    private record Footprint(ProcessRun run, List<String> threads, String classes) {
        /** Fleetdeck's own threads by pool: {@code fleetdeck-refresh-3} is {@code fleetdeck-refresh}. */
        TreeSet<String> fleetdeckPools() {
            TreeSet<String> pools = new TreeSet<>();
            threads.stream()
                    .filter(t -> t.startsWith("fleetdeck-"))
                    .forEach(t -> pools.add(t.replaceFirst("-\\d+$", "")));
            return pools;
        }

        long redisClients() {
            return threads.stream()
                    .filter(t -> REDIS_CLIENT_TIMER.matcher(t).matches())
                    .count();
        }

        boolean loaded(String className) {
            return classes.contains(" " + className + " ");
        }
    }

    private Footprint run(TestBed bed, String... command) throws IOException {
        Path config = dir.resolve("fleet.yaml");
        Files.writeString(
                config,
                "agents:\n  - { name: agent1, host: '" + bed.host("agent1") + "' }\n"
                        + "  - { name: agent2, host: '" + bed.host("agent2") + "' }\n"
                        + "redis: " + bed.redisUri() + "\n"
                        + "settings: { agentTimeout: 10s }\n");
        Path jfr = dir.resolve("threads.jfr");
        Path classes = dir.resolve("classes.log");
        Files.deleteIfExists(jfr);
        Files.deleteIfExists(classes);
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:StartFlightRecording=filename=" + jfr + ",settings=default",
                "-Xlog:class+load=info:file=" + classes,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--config",
                config.toString()));
        line.addAll(List.of(command));
        ProcessRun run = ProcessRun.run(
                line,
                Map.of(
                        "FLEETDECK_DATA_DIR", dir.resolve("data").toString(),
                        "XDG_STATE_HOME", dir.resolve("state").toString(),
                        "XDG_CONFIG_HOME", dir.resolve("config").toString()),
                Duration.ofMinutes(2));
        List<String> threads = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("jdk.ThreadStart")) {
                threads.add(e.getThread("thread").getJavaName());
            }
        }
        return new Footprint(run, threads, Files.readString(classes));
    }

    @Test
    void agentsStartsOnlyTheRefreshAndDiskReadersAndOpensNoHistoryNorACacheWatch(TestBed bed) throws Exception {
        Footprint f = run(bed, "agents", "--json", "--fresh"); // the path that reads the engines

        assertThat(f.run().exitCode()).as(f.run().stderr()).isZero();
        assertThat(f.run().stdout()).contains("\"name\" : \"agent1\"").contains("\"name\" : \"agent2\"");
        // The refresh and the disk readers, the tick (the startup journal's replication to Redis) and
        // the admin states' change notices: no cache watch, history writer, pools, keeper or pre-pull.
        assertThat(f.fleetdeckPools())
                .contains("fleetdeck-refresh", "fleetdeck-disk")
                .isSubsetOf("fleetdeck-refresh", "fleetdeck-disk", "fleetdeck-tick", "fleetdeck-admin-notify");
        // The history store is SQLite (a native library and a file): not opened, not even loaded.
        assertThat(f.loaded("org.sqlite.JDBC")).isFalse();
        assertThat(dir.resolve("data").resolve("history.db")).doesNotExist();
        // The shared state's Redis client and the drain state's; not the cache watch's third one.
        assertThat(f.redisClients()).as(f.threads().toString()).isEqualTo(2);
        assertThat(f.loaded("dev.fleetdeck.pool.PoolKeeper")).isFalse();
        assertThat(f.loaded("dev.fleetdeck.image.ImageDistributor")).isFalse();
        assertThat(f.loaded("dev.fleetdeck.cache.CacheWatch")).isFalse();
    }

    @Test
    void auditAndPoolStatusStartNoFleetRefreshAndOpenNoHistory(TestBed bed) throws Exception {
        for (String[] command : List.of(new String[] {"audit"}, new String[] {"pool", "status"})) {
            Footprint f = run(bed, command);

            assertThat(f.run().exitCode())
                    .as(String.join(" ", command) + ": " + f.run().stderr())
                    .isZero();
            assertThat(f.fleetdeckPools())
                    .as(String.join(" ", command))
                    .isSubsetOf("fleetdeck-tick", "fleetdeck-admin-notify");
            assertThat(f.loaded("org.sqlite.JDBC")).isFalse();
            assertThat(f.redisClients()).isEqualTo(2);
        }
    }

    @Test
    void theLazyPartsAreBuiltWhenACommandAsksForThem(TestBed bed) throws Exception {
        // caches watches the Redis server: its own client, its own thread.
        Footprint caches = run(bed, "caches");
        assertThat(caches.run().exitCode()).as(caches.run().stderr()).isZero();
        assertThat(caches.redisClients()).isEqualTo(3);
        assertThat(caches.loaded("dev.fleetdeck.cache.CacheWatch")).isTrue();
        assertThat(caches.loaded("org.sqlite.JDBC")).isFalse();

        // sizing reads the history store (no Prometheus configured): opened, the file made.
        // A fresh store has no day of history yet: the advisor says so, having read it.
        Footprint sizing = run(bed, "sizing");
        assertThat(sizing.run().stderr()).contains("min of history");
        assertThat(sizing.loaded("org.sqlite.JDBC")).isTrue();
        assertThat(dir.resolve("data").resolve("history.db")).exists();
    }
}
