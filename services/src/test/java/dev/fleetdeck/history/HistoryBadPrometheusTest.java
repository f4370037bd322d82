package dev.fleetdeck.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.CpuAllocation;
import dev.fleetdeck.config.MetricsConfig;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.metrics.PrometheusClient;
import dev.fleetdeck.sizing.SizingAdvisor;
import dev.fleetdeck.sizing.SizingRefusal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code metrics.prometheus} that answers garbage to query_range, served by a real HTTP server
 * on loopback: the history says why in one line and shows what the local store has, never throws.
 */
class HistoryBadPrometheusTest {
    private HttpServer server;
    private LocalHistoryStore local;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/html/api/v1/query_range", e -> answer(e, 200, "text/html", "<html>Grafana login</html>"));
        server.createContext(
                "/broken/api/v1/query_range", e -> answer(e, 200, "application/json", "{\"status\":\"succ"));
        server.createContext(
                "/nan/api/v1/query_range",
                e -> answer(
                        e,
                        200,
                        "application/json",
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                                + "{\"metric\":{\"instance\":\"a:9100\",\"fleetdeck\":\"memTotal\"},\"values\":[[1700000000,\"NaN\"],[1700000015,\"+Inf\"]]},"
                                + "{\"metric\":{\"instance\":\"a:9100\",\"fleetdeck\":\"memUsed\"},\"values\":[[1700000000,\"-5\"],\"junk\"]},"
                                + "{\"metric\":{\"instance\":\"a:9100\"},\"values\":17}]}}"));
        server.createContext("/", e -> answer(e, 404, "text/plain", "404 page not found"));
        server.start();
        local = LocalHistoryStore.inMemory();
        Instant now = Instant.now();
        local.record(List.of(
                LocalHistoryStoreTest.host("a", now.minusSeconds(40), 20, 55),
                LocalHistoryStoreTest.host("a", now.minusSeconds(20), 20, 57)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        local.close();
    }

    private static void answer(HttpExchange e, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", type);
        e.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    private AgentHistory read(String path) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        AgentConfig a = new AgentConfig("a", URI.create("tcp://a:2376"), null, "default", true, 0, 0, false, "a:9100");
        HistoryService history = new HistoryService(
                List.of(a),
                Optional.of(new PrometheusHistory(new PrometheusClient(MetricsConfig.of(base), Duration.ofSeconds(5)))),
                local,
                Clock.systemUTC());
        return history.agent("a", HistoryRange.HOUR);
    }

    @Test
    void aWebPageInsteadOfPrometheusIsOneReasonAndTheLocalStore() {
        AgentHistory h = read("/html");
        assertThat(h.source()).isEqualTo(HistorySource.LOCAL);
        assertThat(h.note()).contains("text/html, not Prometheus's JSON API").contains("while Fleetdeck was running");
        assertThat(h.points()).hasSize(2);
        assertThat(h.points().get(1).hostMem()).isCloseTo(57, within(1e-6));
    }

    @Test
    void theAdvisorOverAGarbagePrometheusRefusesWithTheReasonInsteadOfCrashing() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/html");
        AgentConfig a = new AgentConfig("a", URI.create("tcp://a:2376"), null, "default", true, 0, 0, false, "a:9100");
        HistoryService history = new HistoryService(
                List.of(a),
                Optional.of(new PrometheusHistory(new PrometheusClient(MetricsConfig.of(base), Duration.ofSeconds(5)))),
                local,
                Clock.systemUTC());
        SizingAdvisor advisor = new SizingAdvisor(
                List.of(a),
                List.of(new WorkspaceType("firefox", "f:1", 2, 4L << 30, CpuAllocation.SHARES, 30)),
                85,
                history);
        assertThatThrownBy(() -> advisor.advise(Duration.ofDays(7), null))
                .isInstanceOf(SizingRefusal.class)
                .hasMessageContaining("only 0 min of history")
                .hasMessageContaining("not Prometheus's JSON API");
    }

    @Test
    void jsonThatDoesNotParseAndA404AreReasonsToo() {
        assertThat(read("/broken").note()).contains("JSON that does not parse");
        assertThat(read("/nowhere").note()).contains("not Prometheus's JSON API");
        assertThat(read("/nowhere").points()).hasSize(2);
    }

    @Test
    void nanInfiniteNegativeAndMalformedSamplesAreDroppedAndNamed() {
        AgentHistory h = read("/nan");
        assertThat(h.source()).isEqualTo(HistorySource.LOCAL);
        // NaN, +Inf, a negative figure and a pair that is not one.
        assertThat(h.note()).contains("a: Prometheus gave 4 samples for a:9100 that are not usable figures");
        // Nothing usable from Prometheus for this agent: what the consoles saw stands in.
        assertThat(h.points()).hasSize(2);
    }
}
