package dev.fleetdeck.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet's alert webhook, on loopback: every delivery the evaluator (keeper or window) makes is
 * kept, so the soak can tell whether an alert fired once and resolved once, whoever evaluated it.
 * A delivery repeated with the same id is the same notification (at-least-once); a second id for
 * the same episode (key and start) is a duplicate.
 */
final class AlertReceiver implements AutoCloseable {
    /** One notification: the delivery id, alert key, firing or resolved, when the episode began. */
    record Delivery(Instant receivedAt, String id, String key, String status, String startsAt) {}

    private final HttpServer server;
    private final List<Delivery> deliveries = new ArrayList<>();

    AlertReceiver(ObjectMapper json) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode body = json.readTree(exchange.getRequestBody());
                synchronized (deliveries) {
                    deliveries.add(new Delivery(
                            Instant.now(),
                            body.path("id").asText(),
                            body.path("key").asText(),
                            body.path("status").asText(),
                            body.path("startsAt").asText()));
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/soak");
    }

    /** An alert's episodes: (key, startsAt) → the distinct ids delivered for firing and for resolved. */
    record Episode(String key, String startsAt, Set<String> firing, Set<String> resolved) {}

    List<Episode> episodes() {
        Map<String, Episode> byStart = new LinkedHashMap<>();
        synchronized (deliveries) {
            for (Delivery d : deliveries) {
                Episode e = byStart.computeIfAbsent(
                        d.key() + " " + d.startsAt(),
                        k -> new Episode(d.key(), d.startsAt(), new LinkedHashSet<>(), new LinkedHashSet<>()));
                (d.status().equals("resolved") ? e.resolved() : e.firing()).add(d.id());
            }
        }
        return List.copyOf(byStart.values());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
