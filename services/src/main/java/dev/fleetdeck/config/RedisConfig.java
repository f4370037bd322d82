package dev.fleetdeck.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the shared Redis is and how to get in: the URI (lettuce reads server, Sentinel and TLS
 * from it), and what a URI should not carry: an ACL user and password kept outside the
 * configuration file, and the CA that signed a {@code rediss://} server's certificate when it is
 * not one the JVM already trusts.
 *
 * @param uri      as written; it may hold a password itself, so show {@link #redactedUri()}
 * @param user     the ACL user, when the password comes from {@code password}
 * @param password from an environment variable or a file; empty when the URI holds it or none is needed
 * @param caFile   PEM certificate(s) to trust for {@code rediss://}; empty = the JVM's trust store
 */
public record RedisConfig(String uri, Optional<String> user, Optional<RedisPassword> password, Optional<Path> caFile) {

    public RedisConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(caFile, "caFile");
    }

    /** Only a URI, as {@code redis: redis://...} writes it. */
    public static RedisConfig of(String uri) {
        return new RedisConfig(uri, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public String redactedUri() {
        return RedisUris.redact(uri);
    }

    /** Whether the configuration file itself holds a password (in the URI). */
    public boolean uriHoldsPassword() {
        try {
            String info = URI.create(uri).getRawUserInfo();
            return (info != null && !info.isEmpty())
                    || uri.toLowerCase(Locale.ROOT).contains("password=");
        } catch (IllegalArgumentException e) {
            return uri.contains("@");
        }
    }

    /** One line for people: the URI without its password, and where the rest comes from. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(redactedUri());
        user.ifPresent(u -> parts.add("user " + u));
        password.ifPresent(p -> parts.add("password from " + p.source()));
        caFile.ifPresent(f -> parts.add("CA " + f));
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "RedisConfig[" + describe() + "]";
    }
}
