package dev.fleetdeck.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@code redis:}, either a URI alone or a mapping that keeps the secret out of the file:
 * <pre>
 * redis:
 *   uri: rediss://redis.example:6380
 *   user: fleetdeck
 *   passwordEnv: FLEETDECK_REDIS_PASSWORD      # or passwordFile: /etc/fleetdeck/redis.pass
 *   caFile: /etc/fleetdeck/redis-ca.pem
 * </pre>
 * The password is read here, so a missing variable or an unreadable file is a located error at
 * load time rather than an authentication failure later. No message ever shows a password.
 */
final class RedisReader {

    static final List<String> KEYS = List.of("uri", "user", "passwordEnv", "passwordFile", "caFile");
    private static final String EXAMPLE =
            "redis: redis://127.0.0.1:6379 (or redis://:password@host:6379; leave out for no Redis)";
    private static final String MAPPING_EXAMPLE =
            "redis: { uri: rediss://redis.example:6380, user: fleetdeck, passwordEnv: FLEETDECK_REDIS_PASSWORD }";

    private final SecretReader secrets;

    /**
     * @param baseDir     where relative {@code passwordFile} and {@code caFile} paths start: the config file's folder
     * @param userHome    what {@code ~} means in those paths
     * @param environment the process environment, for {@code passwordEnv}
     */
    RedisReader(Path baseDir, Path userHome, Function<String, String> environment) {
        this.secrets = new SecretReader(baseDir, userHome, environment);
    }

    Optional<RedisConfig> read(LocatedDocument document, ConfigObject top) throws ConfigException {
        if (!top.has("redis")) {
            return Optional.empty();
        }
        JsonNode value = top.raw("redis");
        if (value.isObject()) {
            return Optional.of(
                    mapping(ConfigObject.at(document, top.pointer("redis"), value, "redis", MAPPING_EXAMPLE)));
        }
        return Optional.of(RedisConfig.of(uri(top, "redis", value)));
    }

    private RedisConfig mapping(ConfigObject redis) throws ConfigException {
        redis.onlyKeys(KEYS);
        if (!redis.has("uri")) {
            throw redis.invalidHere("redis has no uri — add e.g. uri: rediss://redis.example:6380");
        }
        String uri = uri(redis, "uri", redis.raw("uri"));
        RedisConfig plain = RedisConfig.of(uri);
        Optional<String> user = redis.text("user", "user: fleetdeck");
        if (redis.has("passwordEnv") && redis.has("passwordFile")) {
            throw redis.invalid(
                    "passwordFile",
                    "give the password one way: passwordEnv or passwordFile, not both",
                    "passwordFile: /etc/fleetdeck/redis.pass (and remove passwordEnv)");
        }
        boolean separatePassword = redis.has("passwordEnv") || redis.has("passwordFile");
        if ((separatePassword || user.isPresent()) && userInfo(uri) != null) {
            String key = separatePassword ? (redis.has("passwordEnv") ? "passwordEnv" : "passwordFile") : "user";
            throw redis.invalid(
                    key,
                    "the uri already holds a user or password (" + plain.redactedUri() + "); give them in one place",
                    "uri: " + withoutUserInfo(uri) + " with user: and passwordEnv:");
        }
        Optional<RedisPassword> password = redis.has("passwordEnv")
                ? Optional.of(fromEnvironment(redis))
                : redis.has("passwordFile") ? Optional.of(fromFile(redis)) : Optional.empty();
        if (user.isPresent() && password.isEmpty()) {
            throw redis.invalid(
                    "user",
                    "user " + user.get() + " needs a password",
                    "passwordEnv: FLEETDECK_REDIS_PASSWORD or passwordFile: /etc/fleetdeck/redis.pass");
        }
        Optional<Path> caFile = caFile(redis, uri);
        return new RedisConfig(uri, user, password, caFile);
    }

    private static String uri(ConfigObject parent, String key, JsonNode value) throws ConfigException {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw parent.invalid(
                    key,
                    key + " must be a redis:// URI, got "
                            + (value.isTextual() ? "an empty text" : ConfigObject.shown(value)),
                    EXAMPLE);
        }
        String uri = value.asText().trim();
        // Messages show the URI redacted: it may hold the Redis password.
        if (!RedisUris.knownScheme(uri)) {
            throw parent.invalid(
                    key,
                    key + " \"" + RedisUris.redact(uri) + "\" must start with one of "
                            + String.join("://, ", RedisUris.SCHEMES) + "://",
                    EXAMPLE);
        }
        try {
            URI parsed = new URI(uri);
            if (!parsed.getScheme().equalsIgnoreCase("redis-socket") && parsed.getHost() == null) {
                throw parent.invalid(key, key + " \"" + RedisUris.redact(uri) + "\" names no host", EXAMPLE);
            }
        } catch (URISyntaxException e) {
            throw parent.invalid(
                    key,
                    key + " \"" + RedisUris.redact(uri) + "\" is not a valid URI"
                            + " (a password with special characters must be percent-encoded, e.g. @ as %40)",
                    EXAMPLE);
        }
        return uri;
    }

    private RedisPassword fromEnvironment(ConfigObject redis) throws ConfigException {
        Secret secret = secrets.fromEnvironment(
                redis,
                "passwordEnv",
                "Redis password",
                "passwordEnv: FLEETDECK_REDIS_PASSWORD",
                "passwordFile: /etc/fleetdeck/redis.pass");
        return new RedisPassword(secret.source(), secret.file(), secret.value());
    }

    private RedisPassword fromFile(ConfigObject redis) throws ConfigException {
        Secret secret = secrets.fromFile(
                redis,
                "passwordFile",
                "password",
                "passwordFile: /etc/fleetdeck/redis.pass (a file holding only the password, chmod 600)");
        return new RedisPassword(secret.source(), secret.file(), secret.value());
    }

    private Optional<Path> caFile(ConfigObject redis, String uri) throws ConfigException {
        String example = "caFile: /etc/fleetdeck/redis-ca.pem (the PEM certificate of the CA that signed the server's)";
        if (redis.has("caFile")) {
            String scheme = uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT);
            if (!scheme.startsWith("rediss")) {
                throw redis.invalid(
                        "caFile",
                        "caFile applies to TLS only, and " + scheme + ":// is plain",
                        "uri: rediss://" + RedisUris.redact(uri).substring(uri.indexOf("://") + 3)
                                + " (or remove caFile)");
            }
        }
        return secrets.caFile(redis, "caFile", example);
    }

    private static String withoutUserInfo(String uri) {
        return uri.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1");
    }

    /** The user info of a URI already known to parse, or null. */
    private static String userInfo(String uri) {
        try {
            String info = new URI(uri).getRawUserInfo();
            return info == null || info.isEmpty() ? null : info;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
