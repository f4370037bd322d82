package dev.fleetdeck.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.store.RedisConnector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** INFO as Redis 5 and 7 print it, and how a Redis URI is shown. */
class RedisInfoTest {
    // Trimmed from a Redis 5.0.14 INFO: no maxmemory_policy-era extras, CRLF line ends.
    private static final String REDIS_5 = String.join(
            "\r\n",
            "# Server",
            "redis_version:5.0.14",
            "uptime_in_seconds:3600",
            "# Clients",
            "connected_clients:4",
            "# Memory",
            "used_memory:1048576",
            "maxmemory:268435456",
            "# Stats",
            "instantaneous_ops_per_sec:120",
            "expired_keys:17",
            "evicted_keys:2",
            "keyspace_hits:880",
            "keyspace_misses:120",
            "");

    @Test
    void parsesTheFiguresOfARedis5Info() {
        RedisInfo info = RedisInfo.parse(REDIS_5);
        assertThat(info.version()).isEqualTo("5.0.14");
        assertThat(info.keyspaceHits()).isEqualTo(880);
        assertThat(info.keyspaceMisses()).isEqualTo(120);
        assertThat(info.hitRate()).isEqualTo(0.88);
        assertThat(info.expiredKeys()).isEqualTo(17);
        assertThat(info.evictedKeys()).isEqualTo(2);
        assertThat(info.usedMemory()).isEqualTo(1_048_576);
        assertThat(info.maxMemory()).isEqualTo(268_435_456);
        assertThat(info.opsPerSec()).isEqualTo(120);
        assertThat(info.connectedClients()).isEqualTo(4);
        assertThat(info.uptimeSeconds()).isEqualTo(3600);
    }

    @Test
    void aFieldTheServerDoesNotReportIsZeroNotAnError() {
        RedisInfo info = RedisInfo.parse("# Server\nredis_version:7.2.4\nkeyspace_hits:notanumber\n");
        assertThat(info.version()).isEqualTo("7.2.4");
        assertThat(info.keyspaceHits()).isZero();
        assertThat(info.maxMemory()).isZero();
        assertThat(info.hitRate()).isZero();
    }

    @Test
    void intervalHitRateIsTheDeltaBetweenReadings() {
        RedisInfo earlier = RedisInfo.parse(REDIS_5);
        RedisInfo later = RedisInfo.parse(REDIS_5.replace("keyspace_hits:880", "keyspace_hits:890")
                .replace("keyspace_misses:120", "keyspace_misses:150"));
        assertThat(later.hitRateSince(earlier)).isEqualTo(10.0 / 40);
        assertThat(later.hitRate()).isEqualTo(890.0 / 1040);
        assertThat(earlier.hitRateSince(earlier)).as("no lookups between").isNaN();
        assertThat(earlier.hitRateSince(later)).as("a restarted server").isNaN();
    }

    @Test
    void theDescriptionOfARedisNeverShowsItsPassword() {
        assertThat(RedisConnector.redact("rediss://ops:hunter2@cache.example:6380/0"))
                .isEqualTo("rediss://ops:***@cache.example:6380/0");
        assertThat(RedisConnector.redact("redis://:hunter2@cache:6379")).isEqualTo("redis://:***@cache:6379");
        assertThat(RedisConnector.redact("redis://hunter2@cache:6379")).doesNotContain("hunter2");
        assertThat(RedisConnector.redact("redis://cache:6379?password=hunter2")).doesNotContain("hunter2");
        try (RedisConnector c = new RedisConnector("rediss://ops:hunter2@127.0.0.1:1/0", Duration.ofMillis(200))) {
            assertThat(c.describe()).isEqualTo("rediss://ops:***@127.0.0.1:1/0");
        }
    }
}
