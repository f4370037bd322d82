package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code redis:} as a mapping: TLS CA, ACL user, and a password from the environment or a file. */
class RedisConfigLoaderTest {

    private static final List<WorkspaceType> CATALOG =
            List.of(new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4L << 30, CpuAllocation.SHARES, 30));
    private static final String AGENTS = "agents: [{name: a, host: 'unix:///a.sock'}]\n";
    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String SECRET = "s3cret-from-outside";

    @TempDir
    Path dir;

    private Map<String, String> environment = Map.of("FLEETDECK_REDIS_PASSWORD", SECRET, "EMPTY_ONE", "");

    private ConfigLoader loader() {
        return new ConfigLoader(CATALOG, dir.resolve("home"), environment::get);
    }

    private FleetConfig load(String redis) throws Exception {
        return loader().read(dir.resolve("fleet.yaml"), AGENTS + redis);
    }

    private String error(String redis) {
        try {
            load(redis);
        } catch (Exception e) {
            assertThat(e).isInstanceOf(ConfigException.class);
            // shown from "fleet.yaml:" on, as the file's folder changes from run to run
            String where = dir.resolve("fleet.yaml").toString();
            assertThat(e.getMessage()).startsWith(where);
            return e.getMessage().substring(where.length() - "fleet.yaml".length());
        }
        throw new AssertionError("expected a ConfigException for:\n" + redis);
    }

    @Test
    void aPasswordFromAnEnvironmentVariableIsReadAndOnlyItsNameIsShown() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), CA);
        FleetConfig config = load("""
                redis:
                  uri: rediss://cache.example:6380
                  user: fleetdeck
                  passwordEnv: FLEETDECK_REDIS_PASSWORD
                  caFile: ca.pem
                """);

        RedisConfig redis = config.redis().orElseThrow();
        assertThat(redis.uri()).isEqualTo("rediss://cache.example:6380");
        assertThat(redis.user()).contains("fleetdeck");
        assertThat(redis.password().orElseThrow().value()).isEqualTo(SECRET);
        assertThat(redis.caFile()).contains(dir.resolve("ca.pem"));
        assertThat(redis.describe())
                .isEqualTo("rediss://cache.example:6380, user fleetdeck, "
                        + "password from environment variable FLEETDECK_REDIS_PASSWORD, CA " + dir.resolve("ca.pem"));
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(redis.toString()).doesNotContain(SECRET);
        assertThat(redis.password().orElseThrow().toString()).doesNotContain(SECRET);
    }

    @Test
    void aPasswordFromAFileLosesItsTrailingLineBreakAndRelativePathsStartAtTheConfigFolder() throws Exception {
        Files.writeString(dir.resolve("redis.pass"), SECRET + "\n");
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("home/ca.pem"), CA);

        RedisConfig redis =
                load("redis: { uri: 'rediss://10.0.0.9:6380', user: ops, passwordFile: redis.pass, caFile: ~/ca.pem }\n")
                        .redis()
                        .orElseThrow();

        assertThat(redis.password().orElseThrow().value()).isEqualTo(SECRET);
        assertThat(redis.password().orElseThrow().file()).contains(dir.resolve("redis.pass"));
        assertThat(redis.password().orElseThrow().source()).isEqualTo("file " + dir.resolve("redis.pass"));
        assertThat(redis.caFile()).contains(dir.resolve("home/ca.pem"));
        assertThat(redis.describe()).doesNotContain(SECRET);
    }

    @Test
    void aUriAloneStillWorksAsAMappingAndAsText() throws Exception {
        assertThat(load("redis: { uri: 'redis://127.0.0.1:6379' }\n").redis())
                .contains(RedisConfig.of("redis://127.0.0.1:6379"));
        assertThat(load("redis: redis://127.0.0.1:6379\n").redis()).contains(RedisConfig.of("redis://127.0.0.1:6379"));
    }

    @Test
    void aMissingOrEmptyVariableIsALocatedErrorNamingTheVariable() {
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordEnv: FD_NOT_SET\n"))
                .isEqualTo(
                        "fleet.yaml:4:16: environment variable FD_NOT_SET is not set, so there is no Redis password"
                                + " — write e.g. export FD_NOT_SET=... before starting fleetdeck, or passwordFile: /etc/fleetdeck/redis.pass");
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordEnv: EMPTY_ONE\n"))
                .startsWith("fleet.yaml:4:16: environment variable EMPTY_ONE is empty");
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordEnv: hunter2 with spaces\n"))
                .startsWith(
                        "fleet.yaml:4:16: passwordEnv names an environment variable; \"hunter2 with spaces\" is not a variable name");
    }

    @Test
    void aMissingUnreadableEmptyOrMultiLinePasswordFileIsALocatedErrorWithoutItsContent() throws Exception {
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordFile: nope.pass\n"))
                .isEqualTo(
                        "fleet.yaml:4:17: password file " + dir.resolve("nope.pass") + " does not exist"
                                + " — write e.g. passwordFile: /etc/fleetdeck/redis.pass (a file holding only the password, chmod 600)");
        Files.writeString(dir.resolve("empty.pass"), "\n");
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordFile: empty.pass\n"))
                .startsWith("fleet.yaml:4:17: password file " + dir.resolve("empty.pass") + " is empty");
        Files.writeString(dir.resolve("two.pass"), SECRET + "\nsecond-line\n");
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordFile: two.pass\n"))
                .startsWith("fleet.yaml:4:17: password file " + dir.resolve("two.pass") + " holds more than one line")
                .doesNotContain(SECRET)
                .doesNotContain("second-line");
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordFile: \"a\\0b\"\n"))
                .startsWith("fleet.yaml:4:17: passwordFile is not a usable path");
        Files.createDirectories(dir.resolve("folder"));
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordFile: folder\n"))
                .contains("is a folder");
    }

    @Test
    void aPasswordFileTheUserMayNotReadSaysSo() throws Exception {
        Path locked = Files.writeString(dir.resolve("locked.pass"), SECRET);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        // root reads any file: the check is only meaningful for an ordinary user
        Assumptions.assumeFalse(Files.isReadable(locked), "running as root");
        assertThat(error("redis:\n  uri: redis://h:6379\n  passwordFile: locked.pass\n"))
                .startsWith("fleet.yaml:4:17: password file " + locked + " cannot be read (permission denied)");
    }

    @Test
    void conflictingOrMisplacedKeysAreLocatedErrors() throws Exception {
        Files.writeString(dir.resolve("p"), SECRET);
        assertThat(error("redis: { uri: 'redis://h:6379', passwordEnv: FLEETDECK_REDIS_PASSWORD, passwordFile: p }\n"))
                .startsWith("fleet.yaml:2:86: give the password one way: passwordEnv or passwordFile, not both");
        assertThat(error("redis: { uri: 'redis://ops:hunter2@h:6379', passwordEnv: FLEETDECK_REDIS_PASSWORD }\n"))
                .startsWith(
                        "fleet.yaml:2:58: the uri already holds a user or password (redis://ops:***@h:6379); give them in one place")
                .contains("uri: redis://h:6379")
                .doesNotContain("hunter2");
        assertThat(error("redis: { uri: 'redis://h:6379', user: ops }\n"))
                .startsWith("fleet.yaml:2:39: user ops needs a password");
        Files.writeString(dir.resolve("ca.pem"), CA);
        assertThat(error("redis: { uri: 'redis://h:6379', caFile: ca.pem }\n"))
                .startsWith(
                        "fleet.yaml:2:41: caFile applies to TLS only, and redis:// is plain — write e.g. uri: rediss://h:6379");
        assertThat(error("redis: { url: 'redis://h:6379' }\n"))
                .isEqualTo("fleet.yaml:2:10: unknown key 'url' — did you mean 'uri'?");
        assertThat(error("redis: { user: ops }\n")).startsWith("fleet.yaml:2:8: redis has no uri");
        assertThat(error("redis: { uri: 'http://h:1' }\n"))
                .startsWith("fleet.yaml:2:15: uri \"http://h:1\" must start with one of");
    }

    @Test
    void aCaFileThatIsMissingOrNotACertificateIsALocatedError() throws Exception {
        assertThat(error("redis: { uri: 'rediss://h:6380', caFile: missing.pem }\n"))
                .startsWith("fleet.yaml:2:42: CA file " + dir.resolve("missing.pem") + " does not exist");
        Files.writeString(
                dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nsecret-key-bits\n-----END PRIVATE KEY-----\n");
        assertThat(error("redis: { uri: 'rediss://h:6380', caFile: key.pem }\n"))
                .startsWith("fleet.yaml:2:42: CA file " + dir.resolve("key.pem") + " holds no PEM certificate")
                .doesNotContain("secret-key-bits");
    }

    @Test
    void theEmbeddedEnvironmentIsTheProcessOneByDefault() throws Exception {
        environment = Map.of();
        Optional<RedisConfig> redis = new ConfigLoader(CATALOG, dir)
                .read(dir.resolve("fleet.yaml"), AGENTS + "redis: redis://h:1\n")
                .redis();
        assertThat(redis).isPresent();
        assertThat(redis.get().password()).isEmpty();
    }
}
