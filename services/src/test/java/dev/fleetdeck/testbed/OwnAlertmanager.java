package dev.fleetdeck.testbed;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) of one test's own, on a free
 * loopback port, routing every alert to {@code webhook} at once (group_wait 1 s) and sending
 * resolutions. No gossip port. Missing on CI is a failure, never a skip.
 */
public final class OwnAlertmanager implements AutoCloseable {
    public static final String BINARY = "/usr/bin/prometheus-alertmanager";
    private final Process process;
    private final int port;

    public OwnAlertmanager(Path dir, URI webhook) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            String why = BINARY + " is missing: apt-get install -y --no-install-recommends prometheus-alertmanager";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: hook
                  group_by: ['fleetdeck_key']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                """.formatted(webhook));
        Files.createDirectories(dir.resolve("data"));
        this.process = new ProcessBuilder(
                        BINARY,
                        "--config.file=" + config,
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        ServerProcess.awaitReady(
                process,
                URI.create(url() + "/-/ready"),
                Duration.ofSeconds(30),
                dir.resolve("alertmanager.log"),
                "alertmanager");
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        ServerProcess.stop(process);
    }

    /** How long Alertmanager may take to pass an alert on (group_wait plus a margin for a loaded machine). */
    public static Duration delivery() {
        return Duration.ofSeconds(30);
    }
}
