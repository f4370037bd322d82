package dev.fleetdeck.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus Alertmanager's API ({@code POST /api/v2/alerts}), as Prometheus itself speaks it: a
 * firing alert carries an {@code endsAt} a few minutes ahead and is said again before then (see
 * {@link #reassert}); a resolved one carries {@code endsAt} = when it resolved. Labels: {@code
 * alertname} (from the key's rule, e.g. {@code FleetdeckAgentOffline}), {@code fleetdeck_key},
 * {@code severity}, {@code agent}.
 */
public final class AlertmanagerSink implements AlertSink {
    /** How long a firing alert stays firing in Alertmanager unless said again; a reassertion comes every minute. */
    static final Duration FIRING_FOR = Duration.ofMinutes(4);

    private final URI api;
    private final AlertHttp http;
    private final ObjectMapper json;

    AlertmanagerSink(URI base, AlertHttp http, ObjectMapper json) {
        String b = base.toString().replaceAll("/+$", "");
        this.api = URI.create(b + "/api/v2/alerts");
        this.http = http;
        this.json = json;
    }

    public static AlertmanagerSink of(URI base, ObjectMapper json) {
        return new AlertmanagerSink(base, AlertHttp.standard(), json);
    }

    @Override
    public String name() {
        return "alertmanager " + AlertHttp.shown(api);
    }

    @Override
    public void deliver(AlertChange change, String id) throws IOException {
        Instant ends = change.status() == AlertChange.Status.RESOLVED
                ? change.at()
                : change.at().plus(FIRING_FOR);
        post(List.of(body(change.alert(), change.since(), ends)));
    }

    @Override
    public void reassert(Collection<AlertBook.Active> active, Instant now) throws IOException {
        if (active.isEmpty()) {
            return;
        }
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (AlertBook.Active a : active) {
            bodies.add(body(a.alert(), a.since(), now.plus(FIRING_FOR)));
        }
        post(bodies);
    }

    private void post(List<Map<String, Object>> alerts) throws IOException {
        http.post(api, json.writeValueAsBytes(alerts), Map.of());
    }

    private static Map<String, Object> body(Alert a, Instant starts, Instant ends) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertName(a.key()));
        labels.put("fleetdeck_key", a.key());
        labels.put("severity", a.severity().label());
        if (a.agent() != null) {
            labels.put("agent", a.agent());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", a.summary());
        if (!a.recommendations().isEmpty()) {
            annotations.put("description", String.join("\n", a.recommendations()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("labels", labels);
        body.put("annotations", annotations);
        body.put("startsAt", starts.toString());
        body.put("endsAt", ends.toString());
        return body;
    }

    /** {@code agent.offline/agent2} → {@code FleetdeckAgentOffline}: Alertmanager groups by rule, the key tells which one. */
    static String alertName(String key) {
        String rule = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
        StringBuilder b = new StringBuilder("Fleetdeck");
        for (String part : rule.split("[^A-Za-z0-9]+", -1)) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.toString();
    }
}
