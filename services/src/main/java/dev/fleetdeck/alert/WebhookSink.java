package dev.fleetdeck.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.AlertsConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts one JSON body per alert change: its key, {@code status} (firing or resolved), severity,
 * agent, summary, numbers and recommendations, with the configured headers (a token from the
 * environment or a file; never shown).
 */
public final class WebhookSink implements AlertSink {
    private final String name;
    private final AlertsConfig.Webhook hook;
    private final AlertHttp http;
    private final ObjectMapper json;

    WebhookSink(int number, AlertsConfig.Webhook hook, AlertHttp http, ObjectMapper json) {
        this.name = "webhook " + number + " " + AlertHttp.shown(hook.url());
        this.hook = hook;
        this.http = http;
        this.json = json;
    }

    public static WebhookSink of(int number, AlertsConfig.Webhook hook, ObjectMapper json) {
        return new WebhookSink(number, hook, AlertHttp.standard(), json);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(AlertChange change, String id) throws IOException {
        Alert a = change.alert();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("key", a.key());
        body.put("status", change.status().json());
        body.put("severity", a.severity().label());
        body.put("agent", a.agent());
        body.put("summary", a.summary());
        body.put("numbers", a.numbers());
        body.put("recommendations", a.recommendations());
        body.put("startsAt", change.since().toString());
        if (change.status() == AlertChange.Status.RESOLVED) {
            body.put("endsAt", change.at().toString());
        }
        body.put("source", "fleetdeck");
        Map<String, String> headers = new LinkedHashMap<>();
        hook.headers().forEach((k, v) -> headers.put(k, v.value()));
        http.post(hook.url(), json.writeValueAsBytes(body), headers);
    }
}
