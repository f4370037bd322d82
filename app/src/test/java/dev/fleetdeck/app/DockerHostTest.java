package dev.fleetdeck.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.ConfigException;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default finds the local engine as the Docker CLI does: DOCKER_HOST and its TLS variables. */
@RealTestBed
class DockerHostTest {
    @TempDir
    Path home;

    @Test
    void withoutDockerHostItIsTheSystemSocketWithoutTls() throws Exception {
        AgentConfig local = DockerHost.local(Map.of(), home);
        assertThat(local.host()).isEqualTo(DockerHost.DEFAULT);
        assertThat(local.tlsDir()).isNull();
    }

    @Test
    void tlsVerifyUsesDockerCertPathOrTheDockerFolderInHome() throws Exception {
        assertThat(DockerHost.local(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY", "1"), home)
                        .tlsDir())
                .isEqualTo(home.resolve(".docker"));
        assertThat(DockerHost.local(
                                Map.of(
                                        "DOCKER_HOST",
                                        "tcp://127.0.0.1:2376",
                                        "DOCKER_TLS_VERIFY",
                                        "1",
                                        "DOCKER_CERT_PATH",
                                        "/etc/certs"),
                                home)
                        .tlsDir())
                .isEqualTo(Path.of("/etc/certs"));
        assertThat(DockerHost.local(Map.of("DOCKER_TLS_VERIFY", "0"), home).tlsDir())
                .isNull();
    }

    @Test
    void aDockerHostThatIsNoAddressIsOneLineNamingIt() {
        assertThatThrownBy(() -> DockerHost.local(Map.of("DOCKER_HOST", "localhost:2375"), home))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("DOCKER_HOST=localhost:2375 is not a Docker address: write unix://");
    }

    @Test
    void theEmbeddedDefaultOpensTheTlsEngineDockerHostNames(TestBed bed) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString()); // no fleet.yaml there
        env.put("FLEETDECK_DATA_DIR", home.resolve("data").toString());
        env.put("DOCKER_HOST", bed.tls().host().toString());
        env.put("DOCKER_TLS_VERIFY", "1");
        env.put("DOCKER_CERT_PATH", bed.tls().clientCerts().toString());
        Wiring wiring = Wiring.standard(env, home, s -> o -> 0);
        try (Services services = wiring.services().open(new ConsoleOptions(Optional.empty(), false, 42), p -> {})) {
            // Only an engine that answered a ping over TLS with these client files is taken; else the demo opens.
            assertThat(services.label()).startsWith("local Docker (" + bed.tls().host());
            assertThat(services.simulated()).isFalse();
        }
    }
}
