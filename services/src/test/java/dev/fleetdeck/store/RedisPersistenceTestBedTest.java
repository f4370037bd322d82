package dev.fleetdeck.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.cache.RedisServerMonitor;
import dev.fleetdeck.config.ConfigLoader;
import dev.fleetdeck.config.RedisConfig;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether the server keeps cordons and drains across a restart, asked of the test bed's three
 * kinds of Redis: the plain one keeps nothing on disk, the Sentinel set writes an append-only
 * file, and the TLS one's ACL user may not run CONFIG.
 */
@RealTestBed
class RedisPersistenceTestBedTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static RedisPersistence of(RedisConfig config) {
        try (RedisConnector connector = new RedisConnector(config, TIMEOUT);
                StatefulRedisConnection<String, String> c = connector.connect()) {
            return RedisPersistence.of(c.sync());
        }
    }

    @Test
    void aServerWithoutAppendOnlyFileOrSnapshotsIsToldToKeepNothingOnDisk(TestBed bed) {
        RedisPersistence p = of(RedisConfig.of(bed.redisUri().toString()));

        assertThat(p.checked()).isTrue();
        assertThat(p.nothingOnDisk()).isTrue();
        assertThat(p.line())
                .isEqualTo("warning: redis the server keeps nothing on disk (appendonly no, save \"\"):"
                        + " a restart forgets every cordon, drain and audit entry — set appendonly yes");
    }

    @Test
    void theSentinelMasterWithAnAppendOnlyFileIsFine(TestBed bed) {
        RedisPersistence p = of(RedisConfig.of(bed.sentinel().uri().toString()));

        assertThat(p.nothingOnDisk()).isFalse();
        assertThat(p.line()).isEqualTo("redis persistence: append-only file");
    }

    @Test
    void anAclUserWithoutConfigIsToldItCouldNotBeChecked(TestBed bed) throws Exception {
        RedisConfig config = new ConfigLoader(List.of(), dir, Map.<String, String>of()::get)
                .read(
                        dir.resolve("fleet.yaml"),
                        "agents: [{name: a, host: 'unix:///a.sock'}]\nredis:\n  uri: "
                                + bed.tls().redis() + "\n  user: "
                                + bed.tls().redisUser() + "\n  passwordFile: "
                                + bed.tls().redisPasswordFile() + "\n  caFile: "
                                + bed.tls().caFile() + "\n")
                .redis()
                .orElseThrow();

        RedisPersistence p = of(config);

        assertThat(p.checked()).isFalse();
        assertThat(p.nothingOnDisk()).isFalse();
        assertThat(p.line())
                .startsWith(
                        "redis persistence: could not check whether the server keeps anything on disk (CONFIG GET: NOPERM");
    }

    @Test
    void theServerMonitorsReadingCarriesItForTheStatusBar(TestBed bed) {
        try (RedisConnector connector = new RedisConnector(bed.redisUri().toString(), TIMEOUT)) {
            RedisServerMonitor monitor = RedisServerMonitor.of(connector, Clock.systemUTC());
            RedisServerMonitor.Reading reading = monitor.read();
            monitor.close();

            assertThat(reading.available()).isTrue();
            assertThat(reading.persistence().nothingOnDisk()).isTrue();
        }
    }
}
