package dev.fleetdeck.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.cache.CacheHistory;
import dev.fleetdeck.cache.CacheRegistry;
import dev.fleetdeck.cache.CacheReport;
import dev.fleetdeck.cache.CacheWatch;
import dev.fleetdeck.cache.RedisInfo;
import dev.fleetdeck.cache.RedisServerMonitor;
import dev.fleetdeck.store.RedisPersistence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status bar's Redis word comes from what the cache watch actually read. */
class RedisStatusTest {
    @Test
    void noRedisInTheConfigurationIsNotConfigured() {
        CacheWatch watch = new CacheWatch(
                new CacheRegistry(List.of(), Optional.empty(), Clock.systemUTC()),
                new CacheHistory(10),
                Duration.ofSeconds(5),
                null);
        assertThat(RedisStatus.describe(watch.sample())).isEqualTo("Redis: not configured");
    }

    @Test
    void aRedisThatRefusesIsDownWithTheReason() {
        RedisServerMonitor refusing = new RedisServerMonitor(
                () -> {
                    throw new IllegalStateException("Connection refused: localhost/127.0.0.1:6390");
                },
                "redis://localhost:6390",
                Clock.systemUTC());
        CacheWatch watch = new CacheWatch(
                new CacheRegistry(List.of(), Optional.of(refusing), Clock.systemUTC()),
                new CacheHistory(10),
                Duration.ofSeconds(5),
                null);
        assertThat(RedisStatus.describe(watch.sample()))
                .isEqualTo("Redis: down (Connection refused: localhost/127.0.0.1:6390)");
    }

    @Test
    void aRedisThatAnsweredIsUp() {
        RedisServerMonitor.Reading answered = new RedisServerMonitor.Reading(
                Instant.now(),
                "redis://r:6379",
                RedisInfo.parse("redis_version:7.2.4\r\nkeyspace_hits:10\r\nkeyspace_misses:2\r\n"),
                Double.NaN,
                null);
        assertThat(RedisStatus.describe(new CacheReport(Instant.now(), List.of(), Optional.of(answered))))
                .isEqualTo("Redis: up");
    }

    @Test
    void aRedisThatKeepsNothingOnDiskIsUpWithTheWarning() {
        RedisServerMonitor.Reading answered = new RedisServerMonitor.Reading(
                Instant.now(),
                "redis://r:6379",
                RedisInfo.parse("redis_version:7.2.4\r\n"),
                Double.NaN,
                null,
                new RedisPersistence(true, true, "the server keeps nothing on disk"));
        assertThat(RedisStatus.describe(new CacheReport(Instant.now(), List.of(), Optional.of(answered))))
                .isEqualTo("Redis: up · keeps nothing on disk");
    }

    @Test
    void aRedisWhosePersistenceCouldNotBeCheckedIsPlainlyUp() {
        RedisServerMonitor.Reading answered = new RedisServerMonitor.Reading(
                Instant.now(),
                "redis://r:6379",
                RedisInfo.parse("redis_version:7.2.4\r\n"),
                Double.NaN,
                null,
                new RedisPersistence(false, false, "could not check"));
        assertThat(RedisStatus.describe(new CacheReport(Instant.now(), List.of(), Optional.of(answered))))
                .isEqualTo("Redis: up");
    }
}
