package dev.fleetdeck.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@code metrics:}:
 * <pre>
 * metrics:
 *   prometheus: http://prometheus.example:9090
 *   tokenEnv: FLEETDECK_PROMETHEUS_TOKEN        # or tokenFile:, or user: + passwordEnv:/passwordFile:
 *   caFile: /etc/fleetdeck/prometheus-ca.pem    # https:// only
 * </pre>
 * Credentials are read here, as for {@code redis:}, so a missing variable is a located error at
 * load time; no message shows them.
 */
final class MetricsReader {

    static final List<String> KEYS =
            List.of("prometheus", "tokenEnv", "tokenFile", "user", "passwordEnv", "passwordFile", "caFile");
    static final String EXAMPLE = "metrics: { prometheus: http://prometheus.example:9090 }";

    private final SecretReader secrets;

    MetricsReader(Path baseDir, Path userHome, Function<String, String> environment) {
        this.secrets = new SecretReader(baseDir, userHome, environment);
    }

    Optional<MetricsConfig> read(LocatedDocument document, ConfigObject top) throws ConfigException {
        if (!top.has("metrics")) {
            return Optional.empty();
        }
        if (!top.raw("metrics").isObject()) {
            throw top.invalid(
                    "metrics", "metrics must be a mapping, got " + ConfigObject.shown(top.raw("metrics")), EXAMPLE);
        }
        ConfigObject metrics = ConfigObject.at(document, top.pointer("metrics"), top.raw("metrics"), "metrics", EXAMPLE)
                .onlyKeys(KEYS);
        if (!metrics.has("prometheus")) {
            throw metrics.invalidHere(
                    "metrics has no prometheus — add e.g. prometheus: http://prometheus.example:9090");
        }
        URI url = url(metrics);
        oneOf(metrics, "tokenEnv", "tokenFile");
        oneOf(metrics, "passwordEnv", "passwordFile");
        boolean token = metrics.has("tokenEnv") || metrics.has("tokenFile");
        boolean password = metrics.has("passwordEnv") || metrics.has("passwordFile");
        Optional<String> user = metrics.text("user", "user: fleetdeck");
        if (token && (password || user.isPresent())) {
            throw metrics.invalid(
                    user.isPresent() ? "user" : (metrics.has("passwordEnv") ? "passwordEnv" : "passwordFile"),
                    "give either a bearer token or a user and password, not both",
                    "tokenEnv: FLEETDECK_PROMETHEUS_TOKEN");
        }
        if (user.isPresent() != password) {
            throw metrics.invalid(
                    user.isPresent() ? "user" : (metrics.has("passwordEnv") ? "passwordEnv" : "passwordFile"),
                    "basic auth needs both user and a password",
                    "user: fleetdeck with passwordEnv: FLEETDECK_PROMETHEUS_PASSWORD");
        }
        Optional<Secret> tokenSecret = metrics.has("tokenEnv")
                ? Optional.of(secrets.fromEnvironment(
                        metrics,
                        "tokenEnv",
                        "Prometheus token",
                        "tokenEnv: FLEETDECK_PROMETHEUS_TOKEN",
                        "tokenFile: /etc/fleetdeck/prometheus.token"))
                : metrics.has("tokenFile")
                        ? Optional.of(
                                secrets.fromFile(
                                        metrics,
                                        "tokenFile",
                                        "token",
                                        "tokenFile: /etc/fleetdeck/prometheus.token (a file holding only the token, chmod 600)"))
                        : Optional.empty();
        Optional<Secret> passwordSecret = metrics.has("passwordEnv")
                ? Optional.of(secrets.fromEnvironment(
                        metrics,
                        "passwordEnv",
                        "Prometheus password",
                        "passwordEnv: FLEETDECK_PROMETHEUS_PASSWORD",
                        "passwordFile: /etc/fleetdeck/prometheus.pass"))
                : metrics.has("passwordFile")
                        ? Optional.of(
                                secrets.fromFile(
                                        metrics,
                                        "passwordFile",
                                        "password",
                                        "passwordFile: /etc/fleetdeck/prometheus.pass (a file holding only the password, chmod 600)"))
                        : Optional.empty();
        if (metrics.has("caFile") && !"https".equals(url.getScheme())) {
            throw metrics.invalid(
                    "caFile",
                    "caFile applies to https:// only, and " + url.getScheme() + ":// is plain",
                    "prometheus: https://" + url.getRawAuthority() + " (or remove caFile)");
        }
        Optional<Path> caFile = secrets.caFile(
                metrics,
                "caFile",
                "caFile: /etc/fleetdeck/prometheus-ca.pem (the PEM certificate of the CA that signed the server's)");
        return Optional.of(new MetricsConfig(url, tokenSecret, user, passwordSecret, caFile));
    }

    private static void oneOf(ConfigObject metrics, String a, String b) throws ConfigException {
        if (metrics.has(a) && metrics.has(b)) {
            throw metrics.invalid(
                    b, "give it one way: " + a + " or " + b + ", not both", b + ": ... (and remove " + a + ")");
        }
    }

    private static URI url(ConfigObject metrics) throws ConfigException {
        String example = "prometheus: http://prometheus.example:9090";
        String text = metrics.requiredText("prometheus", "metrics", example).trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw metrics.invalid("prometheus", "prometheus \"" + text + "\" is not a URL", example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw metrics.invalid(
                    "prometheus", "prometheus \"" + text + "\" must start with http:// or https://", example);
        }
        if (uri.getRawUserInfo() != null) {
            // Shown without the user info: it may hold a password.
            throw metrics.invalid(
                    "prometheus",
                    "prometheus " + scheme + "://" + uri.getHost()
                            + " holds credentials in the URL; give them as user: and passwordEnv: (or tokenEnv:)",
                    example);
        }
        if (uri.getHost() == null) {
            throw metrics.invalid("prometheus", "prometheus \"" + text + "\" names no host", example);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw metrics.invalid(
                    "prometheus", "prometheus \"" + text + "\" must be the server's base URL, without ? or #", example);
        }
        // The API lives under the base URL; a trailing slash would double it.
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (path.contains("/api/v1") || path.endsWith("/graph")) {
            throw metrics.invalid(
                    "prometheus",
                    "prometheus \"" + text + "\" must be the server's base URL, not a page of it",
                    "prometheus: " + scheme + "://" + uri.getRawAuthority());
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }
}
