package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsAppenderTest {
    @TempDir
    Path dir;

    private Path tls() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("ctx tls#1"));
        for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.writeString(tls.resolve(f), "pem");
        }
        return tls;
    }

    private List<AgentConfig> imported() throws Exception {
        return List.of(
                new AgentConfig("ctx1", URI.create("unix:///run/ctx1.sock"), null, "default", true, 0, 0, false),
                new AgentConfig("ctx2", URI.create("tcp://10.0.0.7:2376"), tls(), "default", true, 0, 0, false));
    }

    private FleetConfig load(Path file, String text) throws ConfigException {
        return new ConfigLoader(WorkspaceCatalog.builtIn(), dir).read(file, text);
    }

    @Test
    void yamlGetsTheAgentsAtTheEndOfItsListAndKeepsEveryOtherLine() throws Exception {
        Path file = dir.resolve("fleet.yaml");
        String text = """
                # my fleet
                agents:
                    - name: agent1   # the old one
                      host: unix:///var/run/docker.sock

                # Redis of the team
                redis: redis://127.0.0.1:6379
                settings:
                  refreshInterval: 3s
                """;

        String updated = AgentsAppender.append(file, text, imported());

        assertThat(updated).isEqualTo("""
                # my fleet
                agents:
                    - name: agent1   # the old one
                      host: unix:///var/run/docker.sock
                    - name: "ctx1"
                      host: "unix:///run/ctx1.sock"
                    - name: "ctx2"
                      host: "tcp://10.0.0.7:2376"
                      tls: "%s"

                # Redis of the team
                redis: redis://127.0.0.1:6379
                settings:
                  refreshInterval: 3s
                """.formatted(tls()));
        FleetConfig config = load(file, updated);
        assertThat(config.agents()).extracting(AgentConfig::name).containsExactly("agent1", "ctx1", "ctx2");
        assertThat(config.agents().get(2).tlsDir()).isEqualTo(tls());
        assertThat(config.settings().refreshInterval()).hasSeconds(3);
    }

    @Test
    void aListAtTheEndOfTheFileWithoutAFinalNewlineIsExtended() throws Exception {
        Path file = dir.resolve("fleet.yml");
        String updated = AgentsAppender.append(
                file, "agents:\n- name: a\n  host: unix:///a.sock", imported().subList(0, 1));

        assertThat(updated)
                .isEqualTo(
                        "agents:\n- name: a\n  host: unix:///a.sock\n- name: \"ctx1\"\n  host: \"unix:///run/ctx1.sock\"\n");
        assertThat(load(file, updated).agents()).hasSize(2);
    }

    @Test
    void aMissingFileBecomesAListOfTheImportedAgents() throws Exception {
        Path file = dir.resolve("fleet.yaml");
        String created = AgentsAppender.append(file, null, imported());

        assertThat(load(file, created).agents()).extracting(AgentConfig::name).containsExactly("ctx1", "ctx2");
    }

    @Test
    void jsonGetsTheAgentsAtTheEndOfItsArray() throws Exception {
        Path file = dir.resolve("fleet.json");
        String updated = AgentsAppender.append(
                file,
                "{\"agents\": [{\"name\": \"a\", \"host\": \"unix:///a.sock\"}], \"settings\": {\"refreshInterval\": \"3s\"}}",
                imported());

        FleetConfig config = load(file, updated);
        assertThat(config.agents()).extracting(AgentConfig::name).containsExactly("a", "ctx1", "ctx2");
        assertThat(config.settings().refreshInterval()).hasSeconds(3);
    }

    @Test
    void aFlowStyleListIsRefusedWhereItStands() throws Exception {
        Path file = dir.resolve("fleet.yaml");
        List<AgentConfig> agents = imported();

        assertThatThrownBy(() -> AgentsAppender.append(
                        file, "settings: {}\nagents: [ { name: a, host: unix:///a.sock } ]\n", agents))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2:")
                .hasMessageContaining("flow style");
    }
}
