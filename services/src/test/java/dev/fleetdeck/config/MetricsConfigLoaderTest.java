package dev.fleetdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics:} and an agent's {@code nodeExporter:}, with the credentials kept out of the file. */
class MetricsConfigLoaderTest {

    private static final List<WorkspaceType> CATALOG =
            List.of(new WorkspaceType("firefox", "kasmweb/firefox:1.17.0", 2, 4L << 30, CpuAllocation.SHARES, 30));
    private static final String AGENTS =
            "agents: [{name: a, host: 'unix:///a.sock', nodeExporter: 'a.example:9100'}]\n";
    private static final String SECRET = "t0ken-from-outside";

    @TempDir
    Path dir;

    private FleetConfig load(String text) throws Exception {
        return new ConfigLoader(CATALOG, dir.resolve("home"), Map.of("PROM_TOKEN", SECRET)::get)
                .read(dir.resolve("fleet.yaml"), text);
    }

    private String error(String text) {
        try {
            load(text);
        } catch (Exception e) {
            assertThat(e).isInstanceOf(ConfigException.class);
            String where = dir.resolve("fleet.yaml").toString();
            assertThat(e.getMessage()).startsWith(where).doesNotContain(SECRET);
            return e.getMessage().substring(where.length() - "fleet.yaml".length());
        }
        throw new AssertionError("expected a ConfigException for:\n" + text);
    }

    @Test
    void aPrometheusWithATokenFromTheEnvironmentAndEachAgentsInstance() throws Exception {
        FleetConfig config =
                load(AGENTS + "metrics: { prometheus: 'http://prom.example:9090/', tokenEnv: PROM_TOKEN }\n");

        MetricsConfig metrics = config.metrics().orElseThrow();
        assertThat(metrics.prometheus()).isEqualTo(URI.create("http://prom.example:9090"));
        assertThat(metrics.token().orElseThrow().value()).isEqualTo(SECRET);
        assertThat(metrics.describe())
                .isEqualTo("http://prom.example:9090, bearer token from environment variable PROM_TOKEN");
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.agents().get(0).nodeExporter()).isEqualTo("a.example:9100");
    }

    @Test
    void basicAuthFromAFileAndACaForHttps() throws Exception {
        Files.writeString(dir.resolve("prom.pass"), "pw-in-a-file\n");
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        MetricsConfig metrics = load(AGENTS
                        + "metrics: { prometheus: 'https://prom.example', user: fd, passwordFile: prom.pass, caFile: ca.pem }\n")
                .metrics()
                .orElseThrow();
        assertThat(metrics.password().orElseThrow().value()).isEqualTo("pw-in-a-file");
        assertThat(metrics.describe())
                .doesNotContain("pw-in-a-file")
                .contains("user fd")
                .contains("CA " + dir.resolve("ca.pem"));
    }

    @Test
    void badMetricsAreLocatedWithTheFix() {
        assertThat(error(AGENTS + "metrics: { prometheus: 'prom.example:9090' }\n"))
                .startsWith("fleet.yaml:2:")
                .contains("must start with http:// or https://");
        assertThat(error(AGENTS + "metrics: { prometheus: 'http://u:" + SECRET + "@prom.example' }\n"))
                .contains("holds credentials in the URL");
        assertThat(error(AGENTS + "metrics: { prometheus: 'http://prom.example', tokenEnv: NOT_SET }\n"))
                .contains("environment variable NOT_SET is not set, so there is no Prometheus token");
        assertThat(error(AGENTS + "metrics: { prometheus: 'http://prom.example', caFile: ca.pem }\n"))
                .contains("caFile applies to https:// only");
        assertThat(error(AGENTS + "metrics: { prometheus: 'http://prom.example', user: fd }\n"))
                .contains("basic auth needs both user and a password");
        assertThat(error(AGENTS + "metrics: { prometheus: 'http://prom.example:9090/api/v1/query' }\n"))
                .contains("must be the server's base URL");
        assertThat(error(AGENTS + "metrics: { url: 'http://prom.example' }\n")).contains("url");
    }

    @Test
    void aNodeExporterThatIsNotHostPortIsLocated() {
        for (String bad : List.of("http://a.example:9100", "a.example", "a.example:99999", "a.example:9100/metrics")) {
            assertThat(error("agents: [{name: a, host: 'unix:///a.sock', nodeExporter: '" + bad + "'}]\n"))
                    .as(bad)
                    .startsWith("fleet.yaml:1:")
                    .contains("nodeExporter must be host:port");
        }
    }
}
