package dev.fleetdeck.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the host figures come from: a Prometheus that scrapes each agent's node-exporter.
 *
 * @param prometheus its base URL ({@code http://host:9090}, perhaps with a path prefix), no credentials
 * @param token      a bearer token, for a Prometheus behind an authenticating proxy
 * @param user       the basic-auth user (with {@code password})
 * @param password   the basic-auth password
 * @param caFile     PEM CA of an {@code https://} server the JVM does not already trust
 */
public record MetricsConfig(
        URI prometheus,
        Optional<Secret> token,
        Optional<String> user,
        Optional<Secret> password,
        Optional<Path> caFile) {

    public MetricsConfig {
        Objects.requireNonNull(prometheus, "prometheus");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(caFile, "caFile");
    }

    public static MetricsConfig of(URI prometheus) {
        return new MetricsConfig(prometheus, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** One line for people: the URL and where the credentials come from, never the credentials. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(prometheus.toString());
        token.ifPresent(t -> parts.add("bearer token from " + t.source()));
        user.ifPresent(u -> parts.add("user " + u));
        password.ifPresent(p -> parts.add("password from " + p.source()));
        caFile.ifPresent(f -> parts.add("CA " + f));
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "MetricsConfig[" + describe() + "]";
    }
}
