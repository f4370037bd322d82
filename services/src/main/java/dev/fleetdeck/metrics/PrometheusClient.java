package dev.fleetdeck.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetdeck.config.MetricsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Prometheus's HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}), each call bounded by
 * one timeout from connect to the last byte, and its answer by a size limit. Whatever comes back
 * that is not Prometheus's JSON (a login page, a 404, a redirect, HTML) is a
 * {@link PrometheusException} saying so. Credentials go in a header and never into a message.
 */
public final class PrometheusClient {

    /** Far above one fleet's answer (a few hundred bytes per agent); a bigger one is the wrong server or query. */
    static final int MAX_ANSWER_BYTES = 8 << 20;

    private final URI base;
    private final Duration timeout;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public PrometheusClient(MetricsConfig config, Duration timeout) {
        this.base = config.prometheus();
        this.timeout = timeout;
        this.authorization = config.token()
                .map(t -> "Bearer " + t.value())
                .or(() -> config.user()
                        .flatMap(u -> config.password()
                                .map(p -> "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (u + ":" + p.value()).getBytes(StandardCharsets.UTF_8)))));
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // A redirect is what a login page in front of Prometheus answers: report it, never follow it.
                .followRedirects(HttpClient.Redirect.NEVER);
        config.caFile().ifPresent(ca -> builder.sslContext(trusting(ca)));
        this.http = builder.build();
    }

    /** The server's base URL, as messages name it. */
    public URI base() {
        return base;
    }

    /** An instant query's {@code data.result}. */
    public JsonNode query(String promql) throws PrometheusException {
        return call("/api/v1/query", Map.of("query", promql));
    }

    /** A range query's {@code data.result}: one series per label set, {@code values} [[t, "v"], ...]. */
    public JsonNode queryRange(String promql, Instant start, Instant end, Duration step) throws PrometheusException {
        return call(
                "/api/v1/query_range",
                Map.of(
                        "query",
                        promql,
                        "start",
                        Long.toString(start.getEpochSecond()),
                        "end",
                        Long.toString(end.getEpochSecond()),
                        "step",
                        step.toSeconds() + "s"));
    }

    private JsonNode call(String path, Map<String, String> form) throws PrometheusException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorization.ifPresent(a -> request.header("Authorization", a));
        HttpResponse<byte[]> response = send(request.build());
        return parse(response);
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws PrometheusException {
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new LimitedBody(MAX_ANSWER_BYTES));
        try {
            // The request timeout covers the headers only; this covers the body too.
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PrometheusException("Prometheus at " + base + " did not answer within " + seconds(timeout));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while asking Prometheus at " + base);
        } catch (ExecutionException e) {
            throw new PrometheusException(unreachable(e.getCause()));
        }
    }

    private String unreachable(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "Prometheus at " + base + " did not accept a connection within " + seconds(timeout);
        }
        if (cause instanceof ConnectException) {
            return "Prometheus at " + base + " does not answer (connection refused) — is it running?";
        }
        if (cause instanceof SSLHandshakeException) {
            return "TLS with Prometheus at " + base + " failed (" + cause.getMessage()
                    + ") — set metrics.caFile to the CA that signed its certificate";
        }
        if (cause instanceof HttpTimeoutException) {
            return "Prometheus at " + base + " did not answer within " + seconds(timeout);
        }
        return "Prometheus at " + base + " cannot be reached ("
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + ")";
    }

    private JsonNode parse(HttpResponse<byte[]> response) throws PrometheusException {
        int status = response.statusCode();
        String where = "Prometheus at " + base;
        if (status >= 300 && status < 400) {
            String location = response.headers()
                    .firstValue("Location")
                    .map(PrometheusClient::withoutQuery)
                    .orElse("?");
            throw new PrometheusException(where + " answered " + status + " (a redirect to " + location
                    + "), not the API — a login page in front of it? Give metrics.tokenEnv or user/passwordEnv, "
                    + "or the server's own URL");
        }
        if (status == 401 || status == 403) {
            throw new PrometheusException(where + " refused the query (" + status + ") — check metrics.tokenEnv"
                    + " or user and passwordEnv");
        }
        if (response.body() == null) {
            throw new PrometheusException(where + " answered more than " + (MAX_ANSWER_BYTES >> 20)
                    + " MiB — not a Prometheus answer for this fleet; check metrics.prometheus");
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.contains("json")) {
            throw new PrometheusException(
                    where + " answered " + status + " with "
                            + (type.isEmpty() ? "no content type" : type.split(";", -1)[0])
                            + ", not Prometheus's JSON API — check metrics.prometheus (the server's base URL, e.g. http://host:9090)");
        }
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (IOException e) {
            throw new PrometheusException(
                    where + " answered " + status + " with JSON that does not parse — check metrics.prometheus");
        }
        if (root == null || !root.has("status")) {
            throw new PrometheusException(where + " answered " + status + " with JSON that is not Prometheus's API"
                    + " (no status) — check metrics.prometheus");
        }
        if (!"success".equals(root.path("status").asText())) {
            throw new PrometheusException(
                    where + " rejected the query: " + root.path("errorType").asText("error") + ": "
                            + root.path("error").asText("(no reason given)"));
        }
        JsonNode result = root.path("data").path("result");
        if (!result.isArray()) {
            throw new PrometheusException(where + " answered without data.result — not Prometheus's API?");
        }
        return result;
    }

    private static String withoutQuery(String location) {
        int q = location.indexOf('?');
        return q < 0 ? location : location.substring(0, q);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** An SSL context trusting exactly the certificates in a PEM file (already checked to hold one). */
    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "metrics.caFile " + caFile + " cannot be used as a CA ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }
}
