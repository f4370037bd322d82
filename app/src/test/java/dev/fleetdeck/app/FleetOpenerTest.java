package dev.fleetdeck.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.FleetConfig;
import dev.fleetdeck.config.RedisConfig;
import dev.fleetdeck.config.RedisPassword;
import dev.fleetdeck.config.WorkspaceCatalog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetOpenerTest {
    @TempDir
    Path dir;

    private FleetConfig withRedis(String uri) {
        return withRedis(Optional.ofNullable(uri).map(RedisConfig::of));
    }

    private FleetConfig withRedis(Optional<RedisConfig> redis) {
        return new FleetConfig(
                Optional.empty(),
                List.of(new AgentConfig("a", URI.create("unix:///x.sock"), null, "z", true, 0, 0, false)),
                redis,
                WorkspaceCatalog.builtIn(),
                FleetConfig.Settings.defaults());
    }

    @Test
    void aConfigFileWithARedisPasswordReadableByOthersIsWarnedAboutWithoutShowingThePassword() throws Exception {
        Path file = Files.writeString(dir.resolve("fleet.yaml"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        List<String> warnings = FleetOpener.warnings(withRedis("redis://ops:s3cret-pw@127.0.0.1:6379"), file);

        assertThat(warnings).singleElement().asString().contains("chmod 600").doesNotContain("s3cret-pw");
    }

    @Test
    void aPrivateFileOrOneWithoutSecretsIsNotWarnedAbout() throws Exception {
        Path file = Files.writeString(dir.resolve("fleet.yaml"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(FleetOpener.warnings(withRedis("redis://:pw@127.0.0.1:6379"), file))
                .isEmpty();

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(FleetOpener.warnings(withRedis("redis://127.0.0.1:6379"), file))
                .isEmpty();
        assertThat(FleetOpener.warnings(withRedis((String) null), file)).isEmpty();
    }

    @Test
    void aPasswordFileReadableByOthersGetsTheSameWarningAndThePasswordIsNeverShown() throws Exception {
        Path config = Files.writeString(dir.resolve("fleet.yaml"), "x");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Path secret = Files.writeString(dir.resolve("redis.pass"), "pw-in-a-file\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        FleetConfig fleet = withRedis(Optional.of(new RedisConfig(
                "rediss://127.0.0.1:6380",
                Optional.of("fleetdeck"),
                Optional.of(RedisPassword.fromFile(secret, "pw-in-a-file")),
                Optional.empty())));

        // The config file holds no secret now, so only the password file is warned about.
        assertThat(FleetOpener.warnings(fleet, config))
                .singleElement()
                .asString()
                .isEqualTo(secret + " holds the Redis password and other users can read it: chmod 600 " + secret);

        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertThat(FleetOpener.warnings(fleet, config)).isEmpty();

        FleetConfig fromEnvironment = withRedis(Optional.of(new RedisConfig(
                "rediss://127.0.0.1:6380",
                Optional.empty(),
                Optional.of(RedisPassword.fromEnvironment("FLEETDECK_REDIS_PASSWORD", "pw-in-env")),
                Optional.empty())));
        assertThat(FleetOpener.warnings(fromEnvironment, config)).isEmpty();
        assertThat(fromEnvironment.toString())
                .contains("password from environment variable FLEETDECK_REDIS_PASSWORD")
                .doesNotContain("pw-in-env");
        assertThat(fleet.toString()).doesNotContain("pw-in-a-file");
    }
}
