package dev.fleetdeck.testbed;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's package) of one test's own, on a free loopback port, over history
 * backfilled from an OpenMetrics text with {@code promtool tsdb create-blocks-from openmetrics}.
 * It scrapes nothing: what it answers is exactly what was backfilled. Missing on CI is a failure,
 * never a skip.
 */
public final class OwnPrometheus implements AutoCloseable {
    public static final String PROMETHEUS = "/usr/bin/prometheus";
    public static final String PROMTOOL = "/usr/bin/promtool";
    private final Process process;
    private final int port;

    /** @param openMetrics the samples, ending with {@code # EOF} */
    public OwnPrometheus(Path dir, String openMetrics) throws IOException, InterruptedException {
        for (String binary : List.of(PROMETHEUS, PROMTOOL)) {
            if (!Files.isExecutable(Path.of(binary))) {
                String why = binary + " is missing: apt-get install -y --no-install-recommends prometheus";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(why);
                }
                Assumptions.abort(why);
            }
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Path input = dir.resolve("backfill.om");
        Files.writeString(input, openMetrics);
        ProcessRun backfill = ProcessRun.run(
                List.of(PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", "-q", input.toString(), data.toString()),
                Map.of(),
                Duration.ofMinutes(3));
        backfill.requireSuccess();
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1m\n");
        this.process = new ProcessBuilder(
                        PROMETHEUS,
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + data,
                        "--storage.tsdb.retention.time=400d",
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        ServerProcess.awaitReady(
                process,
                URI.create(url() + "/-/ready"),
                Duration.ofSeconds(60),
                dir.resolve("prometheus.log"),
                "prometheus");
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        ServerProcess.stop(process);
    }
}
