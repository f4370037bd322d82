package dev.fleetdeck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdeck.cache.CacheRegistry;
import dev.fleetdeck.cache.CacheReport;
import dev.fleetdeck.cache.RedisServerMonitor;
import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.config.ConfigLoader;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.RedisConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.drain.Lease;
import dev.fleetdeck.drain.RedisLease;
import dev.fleetdeck.launch.RedisQuotaCache;
import dev.fleetdeck.startup.StartupRecord;
import dev.fleetdeck.startup.StartupRecordCodec;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import dev.fleetdeck.testbed.TestBedEnv;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test bed's TLS Redis: no plain port, the default user off, one ACL user allowed only the
 * console's keys and commands. Configured the way an operator would, through the config file,
 * with the password outside it.
 */
@RealTestBed
class RedisTlsTestBedTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final List<WorkspaceType> CATALOG =
            List.of(new WorkspaceType("firefox", "fleetdeck/firefox:1.0", 0.5, 256L << 20, CpuAllocation.SHARES, 30));

    @TempDir
    Path dir;

    private RedisConfig load(String redisYaml, Map<String, String> environment) throws ConfigException {
        FleetConfig config = new ConfigLoader(CATALOG, dir, environment::get)
                .read(dir.resolve("fleet.yaml"), "agents: [{name: a, host: 'unix:///a.sock'}]\n" + redisYaml);
        return config.redis().orElseThrow();
    }

    private static String password(TestBed bed) throws Exception {
        return Files.readString(bed.tls().redisPasswordFile()).strip();
    }

    private RedisConfig fromFile(TestBed bed) throws ConfigException {
        TestBedEnv.Tls tls = bed.tls();
        return load(
                "redis:\n  uri: " + tls.redis() + "\n  user: " + tls.redisUser() + "\n  passwordFile: "
                        + tls.redisPasswordFile() + "\n  caFile: " + tls.caFile() + "\n",
                Map.of());
    }

    private RedisConfig fromEnvironment(TestBed bed, String password) throws ConfigException {
        TestBedEnv.Tls tls = bed.tls();
        return load(
                "redis:\n  uri: " + tls.redis() + "\n  user: " + tls.redisUser()
                        + "\n  passwordEnv: FD_TEST_REDIS_PW\n  caFile: " + tls.caFile() + "\n",
                Map.of("FD_TEST_REDIS_PW", password));
    }

    private static StartupRecord record(String session, Instant at) {
        return new StartupRecord(
                session,
                "firefox",
                "u",
                "agent1",
                "c-" + session,
                StartupRecord.Outcome.READY,
                null,
                false,
                List.of(),
                new StartupRecord.Performance(at, 100, 5, 1000, 500, 1605, 2, 20, List.of(), "events"));
    }

    @Test
    void recordsAreStoredAndReadBackOverTlsAsTheAclUser(TestBed bed) throws Exception {
        String session = "tls-" + bed.runId();
        Instant at = Instant.now().minusSeconds(5);
        List<String> problems = new CopyOnWriteArrayList<>();
        try (RedisLink link =
                        new RedisLink(new RedisConnector(fromFile(bed), TIMEOUT), System::currentTimeMillis, 1000);
                ReplicatedStartupStore store = new ReplicatedStartupStore(
                        dir.resolve("startups.jsonl"),
                        new RedisStartupStore(link, new StartupRecordCodec()),
                        Json.mapper(),
                        problems::add)) {
            store.append(record(session, at));
            assertThat(store.redisUp()).isTrue();

            List<StartupRecord> fromRedis = new ArrayList<>();
            new RedisStartupStore(link, new StartupRecordCodec())
                    .forEachSince(at.minusSeconds(1), fromRedis::add, p -> {
                        throw new AssertionError(p.toString());
                    });
            assertThat(fromRedis).extracting(StartupRecord::sessionId).contains(session);
            assertThat(problems).isEmpty();
            assertThat(link.describe())
                    .isEqualTo(bed.tls().redis() + " (user " + bed.tls().redisUser() + ")");
        }
    }

    @Test
    void theQuotaScriptsAndTheDrainLeaseWorkWithinTheAclUsersRights(TestBed bed) throws Exception {
        String user = "tls-" + bed.runId();
        List<String> problems = new CopyOnWriteArrayList<>();
        try (RedisConnector connector = new RedisConnector(fromEnvironment(bed, password(bed)), TIMEOUT);
                RedisLink link = new RedisLink(connector, System::currentTimeMillis, 1000);
                StatefulRedisConnection<String, String> direct = connector.connect()) {
            RedisQuotaCache quota = new RedisQuotaCache(link, Duration.ofSeconds(60), problems::add);
            assertThat(quota.initAndAdd(user, 1, 1)).isEqualTo(2);
            assertThat(quota.addIfPresent(user, 1)).isEqualTo(OptionalLong.of(3));
            quota.invalidate(user);
            assertThat(quota.addIfPresent(user, 1)).isEmpty();

            Lease lease = new RedisLease(direct, connector.describe());
            String agent = "agent-" + bed.runId();
            assertThat(lease.acquire(agent, "console-a", Duration.ofSeconds(10)).granted())
                    .isTrue();
            assertThat(lease.acquire(agent, "console-b", Duration.ofSeconds(10)))
                    .isEqualTo(Lease.Grant.refusedBy("console-a"));
            assertThat(lease.renew(agent, "console-a", Duration.ofSeconds(10))).isEqualTo(Lease.Renewal.HELD);
            lease.release(agent, "console-a");
            assertThat(lease.holder(agent)).isEmpty();
            assertThat(problems).isEmpty();

            // The ACL is real: other keys and dangerous commands are refused to this user.
            assertThatThrownBy(() -> direct.sync().set("other:" + bed.runId(), "x"))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> direct.sync().flushall())
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("NOPERM");
        }
    }

    @Test
    void theCachePanelsRedisMonitorReadsInfoOverTls(TestBed bed) throws Exception {
        try (RedisConnector connector = new RedisConnector(fromFile(bed), TIMEOUT);
                StatefulRedisConnection<String, String> client = connector.connect()) {
            RedisServerMonitor monitor = RedisServerMonitor.of(connector, Clock.systemUTC());
            CacheRegistry registry = new CacheRegistry(List.of(), Optional.of(monitor), Clock.systemUTC());
            registry.read();
            String key = "fleetdeck:test:" + bed.runId();
            client.sync().set(key, "1");
            for (int i = 0; i < 4; i++) {
                client.sync().get(key);
            }
            client.sync().get(key + ":absent");

            CacheReport report = registry.read();
            RedisServerMonitor.Reading reading = report.redis().orElseThrow();
            assertThat(reading.available()).as(String.valueOf(reading.error())).isTrue();
            assertThat(reading.server()).isEqualTo(bed.tls().redis() + " (user fleetdeck)");
            assertThat(reading.info().version()).matches("\\d+\\.\\d+\\.\\d+");
            // Other tests may share this server: at least our hits and miss are in the interval.
            assertThat(reading.info().keyspaceHits()).isGreaterThanOrEqualTo(4);
            assertThat(reading.info().keyspaceMisses()).isGreaterThanOrEqualTo(1);
            assertThat(reading.intervalHitRate()).isBetween(0.0, 1.0);
            client.sync().del(key);
            monitor.close();
        }
    }

    @Test
    void aWrongPasswordIsAClearMessageWithoutThePassword(TestBed bed) throws Exception {
        String wrong = "not-the-password-" + bed.runId();
        try (RedisConnector connector = new RedisConnector(fromEnvironment(bed, wrong), TIMEOUT)) {
            assertThatThrownBy(connector::connect)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Redis at " + bed.tls().redis() + " (user fleetdeck) is not reachable: ")
                    .hasMessageContaining("WRONGPASS")
                    .hasMessageContaining("check the user and password")
                    .satisfies(e ->
                            assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(password(bed)));
            RedisServerMonitor.Reading reading =
                    RedisServerMonitor.of(connector, Clock.systemUTC()).read();
            assertThat(reading.available()).isFalse();
            assertThat(reading.error()).contains("WRONGPASS").doesNotContain(wrong);
        }
    }

    @Test
    void plainRedisToTheTlsPortOrTlsWithoutTheCaFailsClearly(TestBed bed) throws Exception {
        String password = password(bed);
        String plainUri = "redis://fleetdeck:" + password + "@127.0.0.1:"
                + bed.tls().redis().getPort();
        try (RedisConnector plain = new RedisConnector(plainUri, Duration.ofSeconds(2))) {
            assertThatThrownBy(plain::connect)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Redis at redis://fleetdeck:***@127.0.0.1:"
                            + bed.tls().redis().getPort() + " is not reachable: ")
                    .hasMessageContaining("use rediss://")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
        }
        RedisConfig noCa = load(
                "redis:\n  uri: " + bed.tls().redis() + "\n  user: fleetdeck\n  passwordFile: "
                        + bed.tls().redisPasswordFile() + "\n",
                Map.of());
        try (RedisConnector untrusted = new RedisConnector(noCa, Duration.ofSeconds(2))) {
            assertThatThrownBy(untrusted::connect)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the server's certificate is not trusted: set caFile:")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
        }
    }
}
