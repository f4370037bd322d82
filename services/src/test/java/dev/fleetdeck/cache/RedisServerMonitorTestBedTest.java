package dev.fleetdeck.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.store.RedisConnector;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis panel's figures against a real {@code redis-server}, with the real {@code redis-cli}
 * as the independent witness.
 */
@RealTestBed
class RedisServerMonitorTestBedTest {

    @TempDir
    Path dir;

    /** {@code redis-cli -p PORT INFO stats}, parsed here on its own (not by {@link RedisInfo}). */
    private static Map<String, Long> redisCliStats(URI redis) throws Exception {
        Process p = new ProcessBuilder(
                        "redis-cli", "-h", redis.getHost(), "-p", Integer.toString(redis.getPort()), "INFO", "stats")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, Long> stats = new HashMap<>();
        for (String line : out.split("\r?\n", -1)) {
            String[] kv = line.split(":", 2);
            if (kv.length == 2 && kv[1].strip().matches("\\d+")) {
                stats.put(kv[0], Long.parseLong(kv[1].strip()));
            }
        }
        return stats;
    }

    @Test
    void intervalAndSinceStartHitRatesEqualWhatRedisCliReports(TestBed bed) throws Exception {
        URI uri = bed.redisUri();
        try (RedisConnector connector = new RedisConnector(uri.toString(), Duration.ofSeconds(2));
                StatefulRedisConnection<String, String> client = connector.connect()) {
            RedisCommands<String, String> redis = client.sync();
            redis.configResetstat(); // our bed's Redis: start the counters from zero
            RedisServerMonitor monitor = RedisServerMonitor.of(connector, Clock.systemUTC());
            String prefix = "fdtest:" + UUID.randomUUID() + ":";
            Map<String, Long> before = redisCliStats(uri);
            monitor.read();

            redis.set(prefix + "present", "1");
            for (int i = 0; i < 7; i++) {
                redis.get(prefix + "present");
            }
            for (int i = 0; i < 3; i++) {
                redis.get(prefix + "absent" + i);
            }

            RedisServerMonitor.Reading reading = monitor.read();
            Map<String, Long> after = redisCliStats(uri);
            long hits = after.get("keyspace_hits") - before.get("keyspace_hits");
            long misses = after.get("keyspace_misses") - before.get("keyspace_misses");
            assertThat(hits).isEqualTo(7);
            assertThat(misses).isEqualTo(3);
            assertThat(reading.available()).isTrue();
            assertThat(reading.intervalHitRate())
                    .isEqualTo((double) hits / (hits + misses))
                    .isEqualTo(0.7);
            assertThat(reading.info().keyspaceHits()).isEqualTo(after.get("keyspace_hits"));
            assertThat(reading.info().keyspaceMisses()).isEqualTo(after.get("keyspace_misses"));
            assertThat(reading.info().hitRate())
                    .isEqualTo((double) after.get("keyspace_hits")
                            / (after.get("keyspace_hits") + after.get("keyspace_misses")));
            assertThat(reading.info().version()).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(reading.info().connectedClients()).isGreaterThanOrEqualTo(2);
            assertThat(reading.info().usedMemory()).isPositive();
            redis.del(prefix + "present");
            monitor.close();
        }
    }

    @Test
    void aKeyPastItsTtlCountsAsExpired(TestBed bed) throws Exception {
        URI uri = bed.redisUri();
        try (RedisConnector connector = new RedisConnector(uri.toString(), Duration.ofSeconds(2));
                StatefulRedisConnection<String, String> client = connector.connect()) {
            RedisCommands<String, String> redis = client.sync();
            RedisServerMonitor monitor = RedisServerMonitor.of(connector, Clock.systemUTC());
            String key = "fdtest:" + UUID.randomUUID() + ":ttl";
            long expiredBefore = monitor.read().info().expiredKeys();

            redis.set(key, "1", SetArgs.Builder.px(100));
            Thread.sleep(250);
            assertThat(redis.get(key)).isNull();

            RedisServerMonitor.Reading reading = monitor.read();
            assertThat(reading.info().expiredKeys()).isGreaterThan(expiredBefore);
            assertThat(reading.info().expiredKeys())
                    .isEqualTo(redisCliStats(uri).get("expired_keys"));
            monitor.close();
        }
    }

    @Test
    void aRedisThatGoesAwayShowsUnavailableAlongsideTheOtherCachesAndComesBack() throws Exception {
        int port = freePort();
        Path pidFile = dir.resolve("redis.pid");
        startRedis(port, pidFile);
        try {
            // A password and an ACL user, as production Redis has them; neither may show anywhere.
            cli(port, "-a", "s3cret-pw", "ACL", "SETUSER", "fleetdeck", "on", ">acl-pw", "~*", "+@all");
            String uri = "redis://fleetdeck:acl-pw@127.0.0.1:" + port;
            CacheMetrics quota = new CacheMetrics() {
                @Override
                public String name() {
                    return "quota";
                }

                @Override
                public CacheCounts counts() {
                    return new CacheCounts(9, 1, 0, 0, 0);
                }
            };
            try (RedisConnector connector = new RedisConnector(uri, Duration.ofMillis(500))) {
                RedisServerMonitor monitor = RedisServerMonitor.of(connector, Clock.systemUTC());
                CacheRegistry registry = new CacheRegistry(List.of(quota), Optional.of(monitor), Clock.systemUTC());

                CacheReport up = registry.read();
                assertThat(up.redis().orElseThrow().available())
                        .as(String.valueOf(up.redis()))
                        .isTrue();
                assertThat(up.redis().orElseThrow().server()).isEqualTo("redis://fleetdeck:***@127.0.0.1:" + port);

                stopRedis(pidFile);
                CacheReport down = registry.read();
                RedisServerMonitor.Reading gone = down.redis().orElseThrow();
                assertThat(gone.available()).isFalse();
                assertThat(gone.error()).isNotBlank().doesNotContain("acl-pw").doesNotContain("s3cret-pw");
                assertThat(down.caches())
                        .singleElement()
                        .satisfies(c -> assertThat(c.counts().hitRate()).isEqualTo(0.9));

                startRedis(port, pidFile);
                cli(port, "-a", "s3cret-pw", "ACL", "SETUSER", "fleetdeck", "on", ">acl-pw", "~*", "+@all");
                RedisServerMonitor.Reading back = registry.read().redis().orElseThrow();
                assertThat(back.available()).as(back.error()).isTrue();
                assertThat(back.intervalHitRate())
                        .as("no interval across an outage")
                        .isNaN();
                monitor.close();
            }
        } finally {
            stopRedis(pidFile);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void startRedis(int port, Path pidFile) throws Exception {
        run(List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--pidfile",
                pidFile.toString(),
                "--requirepass",
                "s3cret-pw"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile) && cli(port, "-a", "s3cret-pw", "PING").contains("PONG")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("our redis-server on port " + port + " did not start");
    }

    /** Stops our own redis-server by the pid it wrote, and waits until it is gone. */
    private static void stopRedis(Path pidFile) throws Exception {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            process.get().destroy();
            process.get().onExit().get(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(pidFile);
    }

    private static String cli(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--no-auth-warning", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        return out;
    }
}
