package dev.fleetdeck.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code alerts:}:
 * <pre>
 * alerts:
 *   webhooks:
 *     - url: https://hooks.example/fleetdeck
 *       headers: {Authorization: {env: HOOK_TOKEN}}   # or {file: /etc/fleetdeck/hook.token}
 *   alertmanager: http://alertmanager.example:9093
 *   offlineAfter: 3
 *   startup: { avgWarningSeconds: 70, failureRatePercent: 10, checkEvery: 5m }
 * </pre>
 * Header secrets are read here (by {@link SecretReader}, as Redis's and Prometheus's are), so a
 * missing variable or file is a located error at load time, not a failed delivery at 3 a.m.; no
 * message shows a value.
 */
final class AlertsReader {
    static final List<String> KEYS = List.of("webhooks", "alertmanager", "offlineAfter", "startup");
    static final String EXAMPLE = "alerts: { webhooks: [ { url: https://hooks.example/fleetdeck } ] }";
    private static final String WEBHOOK_EXAMPLE =
            "{ url: https://hooks.example/fleetdeck, headers: { Authorization: { env: HOOK_TOKEN } } }";
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final SecretReader secrets;

    AlertsReader(SecretReader secrets) {
        this.secrets = secrets;
    }

    AlertsConfig read(ConfigObject alerts) throws ConfigException {
        alerts.onlyKeys(KEYS);
        AlertsConfig d = AlertsConfig.defaults();
        List<AlertsConfig.Webhook> webhooks = new ArrayList<>();
        if (alerts.has("webhooks")) {
            JsonNode list = alerts.raw("webhooks");
            if (!list.isArray()) {
                throw alerts.invalid(
                        "webhooks",
                        "webhooks must be a list, got " + ConfigObject.shown(list),
                        "webhooks: [ " + WEBHOOK_EXAMPLE + " ]");
            }
            for (int i = 0; i < list.size(); i++) {
                webhooks.add(webhook(alerts.item("webhooks", i, "each webhook", WEBHOOK_EXAMPLE)));
            }
        }
        Optional<URI> alertmanager = alerts.has("alertmanager")
                ? Optional.of(httpUrl(alerts, "alertmanager", "alertmanager: http://127.0.0.1:9093"))
                : Optional.empty();
        int offlineAfter = alerts.integer(
                        "offlineAfter", 1, "a whole number of refreshes, at least 1", "offlineAfter: 3")
                .orElse(d.offlineAfter());
        long avgWarningMs = d.avgWarningMs();
        double failureRate = d.failureRateCritical();
        var checkEvery = d.checkEvery();
        if (alerts.has("startup")) {
            String example = "startup: { avgWarningSeconds: 70, failureRatePercent: 10, checkEvery: 5m }";
            ConfigObject startup = alerts.object("startup", "startup", example)
                    .onlyKeys(List.of("avgWarningSeconds", "failureRatePercent", "checkEvery"));
            avgWarningMs = startup.number(
                            "avgWarningSeconds",
                            n -> n.signum() > 0,
                            "a number of seconds above 0",
                            "avgWarningSeconds: 70")
                    .map(n -> n.multiply(BigDecimal.valueOf(1000)).longValue())
                    .orElse(avgWarningMs);
            failureRate = startup.number(
                            "failureRatePercent",
                            n -> n.signum() > 0 && n.compareTo(BigDecimal.valueOf(100)) <= 0,
                            "a percentage above 0 and at most 100",
                            "failureRatePercent: 10")
                    .map(n -> n.doubleValue() / 100)
                    .orElse(failureRate);
            checkEvery = startup.duration("checkEvery", "checkEvery: 5m").orElse(checkEvery);
        }
        return new AlertsConfig(webhooks, alertmanager, offlineAfter, avgWarningMs, failureRate, checkEvery);
    }

    private AlertsConfig.Webhook webhook(ConfigObject hook) throws ConfigException {
        hook.onlyKeys(List.of("url", "headers"));
        if (!hook.has("url")) {
            throw hook.invalidHere("a webhook has no url — add e.g. url: https://hooks.example/fleetdeck");
        }
        URI url = httpUrl(hook, "url", "url: https://hooks.example/fleetdeck");
        Map<String, Secret> headers = new LinkedHashMap<>();
        if (hook.has("headers")) {
            String example = "headers: { Authorization: { env: HOOK_TOKEN } }";
            ConfigObject h = hook.object("headers", "headers", example);
            Iterator<String> names = h.keys();
            while (names.hasNext()) {
                String name = names.next();
                if (!HEADER_NAME.matcher(name).matches()) {
                    throw h.invalid(name, "header name \"" + name + "\" is not a valid HTTP header name", example);
                }
                headers.put(name, secret(h, name));
            }
        }
        return new AlertsConfig.Webhook(url, headers);
    }

    /** A header value: plain text, {@code {env: VAR}} or {@code {file: PATH}}, read as the other secrets are. */
    private Secret secret(ConfigObject headers, String name) throws ConfigException {
        String example = name + ": { env: HOOK_TOKEN } (or { file: /etc/fleetdeck/hook.token }, or plain text)";
        JsonNode value = headers.raw(name);
        if (value.isTextual() && !value.asText().isBlank()) {
            return new Secret("the config file", Optional.empty(), value.asText());
        }
        if (!value.isObject()) {
            throw headers.invalid(
                    name,
                    "header " + name + " must be text, { env: VAR } or { file: PATH }, got "
                            + ConfigObject.shown(value),
                    example);
        }
        ConfigObject source = headers.object(name, "header " + name, example).onlyKeys(List.of("env", "file"));
        if (source.has("env") == source.has("file")) {
            throw source.invalidHere("header " + name + " needs exactly one of env or file — write e.g. " + example);
        }
        return source.has("env")
                ? secrets.fromEnvironment(
                        source,
                        "env",
                        "value for header " + name,
                        "env: HOOK_TOKEN",
                        "{ file: /etc/fleetdeck/hook.token }")
                : secrets.fromFile(
                        source,
                        "file",
                        "header " + name,
                        "file: /etc/fleetdeck/hook.token (a file holding only the value, chmod 600)");
    }

    private static URI httpUrl(ConfigObject parent, String key, String example) throws ConfigException {
        String text = parent.text(key, example).orElseThrow();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw parent.invalid(
                        key, key + " must be an http:// or https:// URL, got \"" + shownUrl(text) + "\"", example);
            }
            if (uri.getHost() == null) {
                throw parent.invalid(key, key + " \"" + shownUrl(text) + "\" names no host", example);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw parent.invalid(key, key + " \"" + shownUrl(text) + "\" is not a valid URL", example);
        }
    }

    /** A URL for a message: user info hidden, it may hold a password. */
    private static String shownUrl(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@", "$1***@");
    }
}
