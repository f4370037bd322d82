package dev.fleetdeck.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.fleet.AgentEngine.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Addresses that answer, but not as Docker does: a small HTTP server on loopback plays a web
 * page and a failing engine. The reason reads in words, not as a JSON parser's complaint.
 */
class DockerEngineNotDockerTest {
    private HttpServer server;
    private volatile int status;
    private volatile String contentType;
    private volatile String body;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    private URI host() {
        return URI.create("tcp://127.0.0.1:" + server.getAddress().getPort());
    }

    private DockerEngine engine() {
        return new DockerEngine(
                new AgentConfig("web1", host(), null, "default", true, 0, 0, false),
                DockerEngineSettings.defaults().withCallTimeout(Duration.ofSeconds(15)));
    }

    @Test
    void anAddressAnsweringHtmlIsNotDocker() throws Exception {
        answer(200, "text/html", "<!DOCTYPE html>\n<html><body><h1>Welcome to nginx!</h1></body></html>");
        try (DockerEngine engine = engine()) {
            String expected = "web1: " + host() + " answers HTML, not the Docker API — is the address right?";
            assertThat(catchThrowableOfType(engine::ping, EngineException.class))
                    .hasMessage(expected);
            // info goes through docker-java, which tries to read the page as JSON.
            assertThat(catchThrowableOfType(engine::info, EngineException.class))
                    .hasMessage(expected);
        }
    }

    @Test
    void anHttpErrorSaysTheEnginesOwnMessage() throws Exception {
        answer(500, "application/json", "{\"message\":\"oops! the daemon is shutting down\"}");
        try (DockerEngine engine = engine()) {
            assertThat(catchThrowableOfType(engine::ping, EngineException.class))
                    .hasMessage(
                            "web1: the engine refused ping with HTTP 500 Internal Server Error: oops! the daemon is shutting down");
        }
        answer(500, "text/plain", "oops!");
        try (DockerEngine engine = engine()) {
            assertThat(catchThrowableOfType(engine::ping, EngineException.class))
                    .hasMessage("web1: the engine refused ping with HTTP 500 Internal Server Error: oops!");
        }
    }

    @Test
    void aServerThatIsNotAnEngineAnswersPingWithItsOwnWords() throws Exception {
        answer(404, "text/plain", "404 page not found");
        try (DockerEngine engine = engine()) {
            assertThat(catchThrowableOfType(engine::ping, EngineException.class))
                    .hasMessage("web1: " + host()
                            + " answers HTTP 404 Not Found to /_ping, not the Docker API — is the address right?");
        }
    }
}
