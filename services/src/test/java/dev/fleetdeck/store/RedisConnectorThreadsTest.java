package dev.fleetdeck.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.testbed.OwnRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis client's threads are all there from its start: a reconnect (a restart here, a Sentinel
 * failover in the soak) adds none. Before, Lettuce's computation threads started at the first
 * reconnect, and the soak counted that step as a thread leak.
 */
class RedisConnectorThreadsTest {
    private static List<String> lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("lettuce-"))
                .sorted()
                .toList();
    }

    @Test
    void aReconnectStartsNoThread(@TempDir Path dir) throws Exception {
        try (OwnRedis redis = new OwnRedis(Files.createDirectories(dir.resolve("redis")));
                RedisConnector connector = new RedisConnector(redis.uri(), Duration.ofSeconds(2))) {
            StatefulRedisConnection<String, String> connection = connector.connect();
            assertThat(connection.sync().ping()).isEqualTo("PONG");
            Thread.sleep(200);
            List<String> before = lettuceThreads();

            redis.stop();
            redis.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String pong = null;
            while (pong == null && System.nanoTime() < deadline) {
                try {
                    pong = connection.sync().ping(); // lettuce reconnects by itself
                } catch (RuntimeException e) {
                    Thread.sleep(200);
                }
            }
            assertThat(pong).isEqualTo("PONG");
            Thread.sleep(200);
            assertThat(lettuceThreads()).as("threads after the reconnect").isEqualTo(before);
            assertThat(before).anyMatch(n -> n.startsWith("lettuce-eventExecutorLoop"));
            connection.close();
        }
    }
}
