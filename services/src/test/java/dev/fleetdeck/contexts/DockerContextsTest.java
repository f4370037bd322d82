package dev.fleetdeck.contexts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.AgentConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contexts laid out as the Docker CLI writes them, made by hand in a temporary DOCKER_CONFIG. */
class DockerContextsTest {
    @TempDir
    Path dockerConfig;

    private Path context(String name, String host, boolean skipVerify, String... tlsFiles) throws Exception {
        String id = DockerContexts.idOf(name);
        Path meta = Files.createDirectories(
                        dockerConfig.resolve("contexts/meta").resolve(id))
                .resolve("meta.json");
        Files.writeString(
                meta,
                "{\"Name\":\"" + name + "\",\"Metadata\":{\"Description\":\"d\"},\"Endpoints\":{\"docker\":"
                        + "{\"Host\":\"" + host + "\",\"SkipTLSVerify\":" + skipVerify + "}}}");
        if (tlsFiles.length > 0) {
            Path tls = Files.createDirectories(
                    dockerConfig.resolve("contexts/tls").resolve(id).resolve("docker"));
            for (String f : tlsFiles) {
                Files.writeString(tls.resolve(f), "pem");
            }
        }
        return meta;
    }

    private DockerContexts.Reading read() {
        return new DockerContexts(dockerConfig, new ObjectMapper()).read();
    }

    @Test
    void theFolderOfAContextIsTheSha256OfItsNameAsTheDockerCliNamesIt() {
        // `echo -n tb1 | sha256sum`, and the folder `docker context create tb1` made on this machine.
        assertThat(DockerContexts.idOf("tb1"))
                .isEqualTo("645c471da9c27b4fb592ea34169c9bc7d759f403f51f786508a8a257881ae68e");
    }

    @Test
    void dockerConfigChoosesTheFolderElseTheHomesDotDocker() {
        assertThat(DockerContexts.configDir(Map.of("DOCKER_CONFIG", "/etc/dc"), Path.of("/home/a")))
                .isEqualTo(Path.of("/etc/dc"));
        assertThat(DockerContexts.configDir(Map.of(), Path.of("/home/a"))).isEqualTo(Path.of("/home/a/.docker"));
    }

    @Test
    void readsEndpointsAndTlsFoldersInNameOrder() throws Exception {
        context("zeta", "unix:///run/z.sock", false);
        context("alpha", "tcp://10.0.0.5:2376", false, "ca.pem", "cert.pem", "key.pem");

        DockerContexts.Reading reading = read();

        assertThat(reading.problems()).isEmpty();
        assertThat(reading.contexts()).extracting(DockerContext::name).containsExactly("alpha", "zeta");
        assertThat(reading.contexts().get(0).tlsDir())
                .isEqualTo(dockerConfig
                        .resolve("contexts/tls")
                        .resolve(DockerContexts.idOf("alpha"))
                        .resolve("docker"));
        assertThat(reading.contexts().get(1).tlsDir()).isNull();
    }

    @Test
    void aContextWhoseTlsFileIsMissingNamesTheContextAndTheFile() throws Exception {
        context("prod", "tcp://10.0.0.5:2376", false, "ca.pem", "cert.pem");
        context("ok", "unix:///run/ok.sock", false);

        DockerContexts.Reading reading = read();

        Path key = dockerConfig
                .resolve("contexts/tls")
                .resolve(DockerContexts.idOf("prod"))
                .resolve("docker/key.pem");
        assertThat(reading.problems())
                .containsExactly(
                        "context 'prod': its TLS file " + key + " is missing — give the context "
                                + "all three files: docker context update prod --docker host=tcp://10.0.0.5:2376,ca=ca.pem,cert=cert.pem,key=key.pem");
        assertThat(reading.contexts()).extracting(DockerContext::name).containsExactly("ok");
    }

    @Test
    void aBrokenMetaFileIsLocated() throws Exception {
        Path meta = context("bad", "unix:///x", false);
        Files.writeString(meta, "{\"Name\":\"bad\",\n \"Endpoints\": {,}}");

        assertThat(read().problems())
                .singleElement()
                .asString()
                .startsWith(meta + ":2:")
                .contains("is not valid JSON");
    }

    @Test
    void contextsFleetdeckCannotReachAsDockerDoesAreSkippedWithTheReason() throws Exception {
        List<DockerContext> contexts = List.of(
                new DockerContext("remote-ssh", "", "ssh://ops@host", false, null, null),
                new DockerContext("lax", "", "tcp://10.0.0.9:2376", true, Path.of("/t"), null),
                new DockerContext("plain", "", "tcp://10.0.0.9:2375", false, null, null),
                new DockerContext("local-plain", "", "tcp://127.0.0.1:2375", false, null, null),
                new DockerContext("same", "", "unix:///var/run/docker.sock", false, null, null),
                new DockerContext("agent1", "", "unix:///run/other.sock", false, null, null),
                new DockerContext("team+east", "", "unix:///run/east.sock", false, null, null));
        List<AgentConfig> existing = List.of(new AgentConfig(
                "agent1", URI.create("unix:///var/run/docker.sock"), null, "default", true, 0, 0, false));

        ContextImport.Plan plan = ContextImport.plan(contexts, existing);

        assertThat(plan.agents()).extracting(AgentConfig::name).containsExactly("local-plain", "team-east");
        assertThat(plan.skipped())
                .containsExactly(
                        "context 'remote-ssh': its endpoint ssh://ops@host uses ssh://, and Fleetdeck reaches engines by unix:// and tcp:// only",
                        "context 'lax': it skips verifying the engine's certificate (SkipTLSVerify), which Fleetdeck never does",
                        "context 'plain': it reaches tcp://10.0.0.9:2375 in plain tcp:// without TLS; add its TLS files (docker context "
                                + "update plain --docker host=tcp://10.0.0.9:2375,ca=…,cert=…,key=…) or add the agent by hand with insecure: true",
                        "context 'same': its endpoint unix:///var/run/docker.sock is already the agent 'agent1'",
                        "context 'agent1': an agent named 'agent1' is already configured");
    }
}
