package dev.fleetdeck.testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A server a test started itself (Prometheus, Alertmanager): waited for on its ready URL, stopped by its process. */
final class ServerProcess {
    private ServerProcess() {}

    /** Waits until {@code ready} answers 200; a process that dies or stays silent is stopped and named with its log. */
    static void awaitReady(Process process, URI ready, Duration limit, Path log, String what)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r =
                        http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        stop(process);
        throw new IllegalStateException(what + " did not get ready at " + ready + ": " + Files.readString(log));
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
