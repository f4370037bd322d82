package dev.fleetdeck.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.testbed.ProcessRun;
import dev.fleetdeck.testbed.RealTestBed;
import dev.fleetdeck.testbed.TestBed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetdeck config import-contexts} on contexts the Docker CLI itself made ({@code docker
 * context create}) in a DOCKER_CONFIG of the test's own, against the test bed's engines: a plain
 * unix socket and the TLS agent with its client files. {@code agents} then reaches both through
 * the imported configuration.
 */
@RealTestBed
class ImportContextsTestBedTest {
    @TempDir
    Path home;

    private Path dockerConfig() {
        return home.resolve("docker-config");
    }

    private void dockerContext(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "context"));
        command.addAll(List.of(args));
        ProcessRun run =
                ProcessRun.run(command, Map.of("DOCKER_CONFIG", dockerConfig().toString()), Duration.ofSeconds(30));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    private CliRun fleetdeck(String... args) {
        return CliRun.in(
                home, options -> 0, Map.of("DOCKER_CONFIG", dockerConfig().toString()), args);
    }

    private void createContexts(TestBed bed) {
        String agent = bed.agents().get(0);
        dockerContext("create", "tb-" + agent, "--docker", "host=" + bed.host(agent));
        Path certs = bed.tls().clientCerts();
        dockerContext(
                "create",
                "tb-tls",
                "--description",
                "the TLS agent",
                "--docker",
                "host=" + bed.tls().host() + ",ca=" + certs.resolve("ca.pem") + ",cert=" + certs.resolve("cert.pem")
                        + ",key=" + certs.resolve("key.pem"));
    }

    @Test
    void contextsMadeByTheDockerCliBecomeAgentsThatAgentsReaches(TestBed bed) throws Exception {
        createContexts(bed);
        Path config = home.resolve("xdg/fleetdeck/fleet.yaml");
        String agent = bed.agents().get(0);

        CliRun dry = fleetdeck("config", "import-contexts");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out())
                .contains(
                        "Would add 2 agents to " + config + " (a new file): tb-" + agent + ", tb-tls",
                        "    host: \"" + bed.tls().host() + "\"",
                        "Run again with --write");
        assertThat(config).doesNotExist();

        CliRun write = fleetdeck("config", "import-contexts", "--write");
        assertThat(write.exitCode()).as(write.err()).isZero();
        assertThat(write.out()).contains("Added 2 agents to " + config);

        CliRun agents = fleetdeck("agents", "--json");
        assertThat(agents.exitCode()).as(agents.out() + agents.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(agents.out());
        assertThat(list).hasSize(2);
        for (JsonNode a : list) {
            assertThat(a.path("state").asText()).as(a.toString()).isNotEqualTo("offline");
            assertThat(a.path("dockerVersion").asText()).as(a.toString()).startsWith("20.10");
        }

        CliRun again = fleetdeck("config", "import-contexts", "--write");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out())
                .contains(
                        "skipped context 'tb-tls': its endpoint " + bed.tls().host() + " is already the agent 'tb-tls'",
                        "Nothing to add to " + config);
    }

    @Test
    void existingAgentsAndCommentsStayAndAContextMissingATlsFileWritesNothing(TestBed bed) throws Exception {
        createContexts(bed);
        Path config = Files.createDirectories(home.resolve("xdg/fleetdeck")).resolve("fleet.yaml");
        String agent = bed.agents().get(1);
        String before = "# ours\nagents:\n  - name: mine\n    host: " + bed.host(agent)
                + "\nsettings:\n  refreshInterval: 3s\n";
        Files.writeString(config, before);
        Path key =
                dockerConfig().resolve("contexts/tls").resolve(sha256("tb-tls")).resolve("docker/key.pem");
        Files.delete(key);

        CliRun broken = fleetdeck("config", "import-contexts", "--write");

        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("fleetdeck: context 'tb-tls': its TLS file " + key + " is missing");
        assertThat(Files.readString(config)).isEqualTo(before);

        dockerContext("rm", "tb-tls");
        CliRun write = fleetdeck("config", "import-contexts", "--write");
        assertThat(write.exitCode()).as(write.err()).isZero();
        String after = Files.readString(config);
        assertThat(after)
                .startsWith("# ours\nagents:\n  - name: mine\n")
                .endsWith("settings:\n  refreshInterval: 3s\n")
                .contains("  - name: \"tb-" + bed.agents().get(0) + "\"");
        CliRun check = fleetdeck("config", "check");
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("agents: 2", "refresh 3s");
    }

    private static String sha256(String name) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    }
}
