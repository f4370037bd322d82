package dev.fleetdeck.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The one HTTP POST of the alert sinks: JSON out, a 2xx back within the timeout, else an
 * {@link IOException} that names the endpoint by scheme, host and port only (a webhook's path or
 * query often is its secret) and never a header value.
 */
final class AlertHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    // A receiver's answer is read only to quote the start of an error.
    private static final int ERROR_TEXT = 200;

    private final HttpClient client;

    AlertHttp(HttpClient client) {
        this.client = client;
    }

    static AlertHttp standard() {
        return new AlertHttp(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    void post(URI url, byte[] body, Map<String, String> headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        HttpResponse<String> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + shown(url), e);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(shown(url) + " did not take it: " + why, e);
        }
        int code = response.statusCode();
        if (code / 100 != 2) {
            String text = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
            throw new IOException(shown(url) + " answered HTTP " + code
                    + (text.isEmpty()
                            ? ""
                            : ": " + (text.length() > ERROR_TEXT ? text.substring(0, ERROR_TEXT) + "…" : text)));
        }
    }

    /** An endpoint as messages show it: scheme, host and port. */
    static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }
}
