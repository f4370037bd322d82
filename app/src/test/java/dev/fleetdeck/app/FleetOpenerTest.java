package dev.fleetdeck.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.FleetConfig;
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
        return new FleetConfig(Optional.empty(), List.of(new AgentConfig("a", URI.create("unix:///x.sock"), null, "z", true,
                0, 0, false)), Optional.ofNullable(uri), WorkspaceCatalog.builtIn(), FleetConfig.Settings.defaults());
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
        assertThat(FleetOpener.warnings(withRedis("redis://:pw@127.0.0.1:6379"), file)).isEmpty();

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(FleetOpener.warnings(withRedis("redis://127.0.0.1:6379"), file)).isEmpty();
        assertThat(FleetOpener.warnings(withRedis(null), file)).isEmpty();
    }
}
