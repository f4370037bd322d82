package dev.fleetdeck.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.MetricsConfig;
import dev.fleetdeck.config.Secret;
import dev.fleetdeck.fleet.HostMetrics;
import dev.fleetdeck.fleet.MetricsSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a URL that is not Prometheus answers, served by a real HTTP server on loopback: each
 * becomes one clear reason, the call stays within its timeout, and no credential is in it.
 */
class PrometheusClientBadServerTest {
    // Generous: other builds share this machine's two cores (load averages of 50 were seen).
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private HttpServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/html/api/v1/query", e -> answer(e, 200, "text/html", "<html><body>Grafana login</body></html>"));
        server.createContext("/login/api/v1/query", e -> {
            e.getResponseHeaders().add("Location", "https://sso.example/login?next=secret-ticket");
            answer(e, 302, "text/html", "");
        });
        server.createContext("/huge/api/v1/query", e -> {
            e.getResponseHeaders().add("Content-Type", "application/json");
            e.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[1 << 16];
            try (OutputStream out = e.getResponseBody()) {
                for (int i = 0; i < 400; i++) { // 25 MiB
                    out.write(chunk);
                }
            } catch (IOException ignored) {
                // the client hung up at its limit, as it should
            }
        });
        server.createContext("/slow/api/v1/query", e -> {
            try {
                Thread.sleep(12_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            answer(e, 200, "application/json", "{}");
        });
        server.createContext("/nan/api/v1/query", e -> {
            authorization.set(e.getRequestHeaders().getFirst("Authorization"));
            answer(
                    e,
                    200,
                    "application/json",
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                            + series("a:1", "cpu", "NaN") + "," + series("a:1", "memTotal", "100") + ","
                            + series("a:1", "memAvailable", "50")
                            + "," + series("b:2", "cpu", "12") + "," + series("b:2", "memTotal", "+Inf") + ","
                            + series("b:2", "memAvailable", "1")
                            + "," + series("c:3", "cpu", "12.5") + "," + series("c:3", "memTotal", "1000") + ","
                            + series("c:3", "memAvailable", "250")
                            + "]}}");
        });
        server.createContext("/", e -> answer(e, 404, "text/plain", "404 page not found"));
        server.start();
    }

    private static String series(String instance, String figure, String value) {
        return "{\"metric\":{\"instance\":\"" + instance + "\",\"fleetdeck\":\"" + figure
                + "\"},\"value\":[1796150000.5,\"" + value + "\"]}";
    }

    private static void answer(HttpExchange e, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", type);
        e.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PrometheusClient client(String path) {
        return new PrometheusClient(config(path), TIMEOUT);
    }

    private MetricsConfig config(String path) {
        return new MetricsConfig(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                Optional.of(new Secret("environment variable T", Optional.empty(), "tok-s3cret")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void anHtmlPageIsNotPrometheus() {
        assertThatThrownBy(() -> client("/html").query("up"))
                .isInstanceOf(PrometheusException.class)
                .hasMessageContaining("text/html, not Prometheus's JSON API")
                .hasMessageContaining("check metrics.prometheus")
                .hasMessageNotContaining("tok-s3cret");
    }

    @Test
    void aNotFoundIsNotPrometheus() {
        assertThatThrownBy(() -> client("/nothing-here").query("up"))
                .hasMessageContaining("answered 404 with text/plain, not Prometheus's JSON API");
    }

    @Test
    void aRedirectToALoginPageIsReportedNotFollowed() {
        assertThatThrownBy(() -> client("/login").query("up"))
                .hasMessageContaining("answered 302 (a redirect to https://sso.example/login)")
                .hasMessageContaining("login page")
                .hasMessageNotContaining("secret-ticket");
    }

    @Test
    void aHugeAnswerStopsAtTheLimit() {
        assertThatThrownBy(() -> client("/huge").query("up")).hasMessageContaining("answered more than 8 MiB");
    }

    @Test
    void aServerThatDoesNotAnswerCostsTheTimeoutOnly() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> client("/slow").query("up")).hasMessageContaining("did not answer within 5 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
    }

    @Test
    void nanAndInfiniteSamplesGiveThatAgentAReasonAndDockerFigures() {
        List<AgentConfig> agents = List.of(agent("a1", "a:1"), agent("b2", "b:2"), agent("c3", "c:3"));
        Map<String, HostMetrics> read = new PrometheusHostSource(agents, client("/nan")).read();

        assertThat(read.get("a1").source()).isEqualTo(MetricsSource.DOCKER);
        assertThat(read.get("a1").problem()).contains("cpu = NaN for a:1");
        assertThat(read.get("b2").source()).isEqualTo(MetricsSource.DOCKER);
        assertThat(read.get("b2").problem()).contains("memTotal = +Inf for b:2");
        // The sound agent in the same answer keeps its figures.
        assertThat(read.get("c3").source()).isEqualTo(MetricsSource.PROMETHEUS);
        assertThat(read.get("c3").figures().memUsedBytes()).isEqualTo(750);
        assertThat(read.get("c3").figures().cpuPercent()).isEqualTo(12.5);
        assertThat(authorization.get()).isEqualTo("Bearer tok-s3cret");
    }

    @Test
    void aServerThatIsNotThereSaysSoForEveryAgent() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PrometheusClient gone = new PrometheusClient(MetricsConfig.of(URI.create("http://127.0.0.1:" + port)), TIMEOUT);
        Map<String, HostMetrics> read = new PrometheusHostSource(
                        List.of(
                                agent("a1", "a:1"),
                                new AgentConfig("plain", URI.create("unix:///x.sock"), null, "z", true, 0, 0, false)),
                        gone)
                .read();
        assertThat(read.get("a1").problem()).contains("does not answer (connection refused)");
        assertThat(read.get("plain").problem()).isEqualTo("no nodeExporter configured for this agent");
    }

    private static AgentConfig agent(String name, String exporter) {
        return new AgentConfig(name, URI.create("unix:///x.sock"), (Path) null, "z", true, 0, 0, false, exporter);
    }
}
