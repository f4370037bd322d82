package dev.fleetdeck.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

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
    private static final String EXAMPLE = "redis: redis://127.0.0.1:6379 (or redis://:password@host:6379; leave out for no Redis)";
    private static final String MAPPING_EXAMPLE =
            "redis: { uri: rediss://redis.example:6380, user: fleetdeck, passwordEnv: FLEETDECK_REDIS_PASSWORD }";
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // A password file holds one line and a CA bundle a few hundred certificates; bigger is the wrong file.
    private static final long MAX_PASSWORD_BYTES = 4096;
    private static final long MAX_CA_BYTES = 1 << 20;

    private final Path baseDir;
    private final Path userHome;
    private final Function<String, String> environment;

    /**
     * @param baseDir     where relative {@code passwordFile} and {@code caFile} paths start: the config file's folder
     * @param userHome    what {@code ~} means in those paths
     * @param environment the process environment, for {@code passwordEnv}
     */
    RedisReader(Path baseDir, Path userHome, Function<String, String> environment) {
        this.baseDir = baseDir;
        this.userHome = userHome;
        this.environment = environment;
    }

    Optional<RedisConfig> read(LocatedDocument document, ConfigObject top) throws ConfigException {
        if (!top.has("redis")) {
            return Optional.empty();
        }
        JsonNode value = top.raw("redis");
        if (value.isObject()) {
            return Optional.of(mapping(ConfigObject.at(document, top.pointer("redis"), value, "redis", MAPPING_EXAMPLE)));
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
            throw redis.invalid("passwordFile", "give the password one way: passwordEnv or passwordFile, not both",
                    "passwordFile: /etc/fleetdeck/redis.pass (and remove passwordEnv)");
        }
        boolean separatePassword = redis.has("passwordEnv") || redis.has("passwordFile");
        if ((separatePassword || user.isPresent()) && userInfo(uri) != null) {
            String key = separatePassword ? (redis.has("passwordEnv") ? "passwordEnv" : "passwordFile") : "user";
            throw redis.invalid(key, "the uri already holds a user or password (" + plain.redactedUri()
                    + "); give them in one place", "uri: " + withoutUserInfo(uri) + " with user: and passwordEnv:");
        }
        Optional<RedisPassword> password = redis.has("passwordEnv") ? Optional.of(fromEnvironment(redis))
                : redis.has("passwordFile") ? Optional.of(fromFile(redis)) : Optional.empty();
        if (user.isPresent() && password.isEmpty()) {
            throw redis.invalid("user", "user " + user.get() + " needs a password",
                    "passwordEnv: FLEETDECK_REDIS_PASSWORD or passwordFile: /etc/fleetdeck/redis.pass");
        }
        Optional<Path> caFile = caFile(redis, uri);
        return new RedisConfig(uri, user, password, caFile);
    }

    private static String uri(ConfigObject parent, String key, JsonNode value) throws ConfigException {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw parent.invalid(key, key + " must be a redis:// URI, got " + (value.isTextual() ? "an empty text"
                    : ConfigObject.shown(value)), EXAMPLE);
        }
        String uri = value.asText().trim();
        // Messages show the URI redacted: it may hold the Redis password.
        if (!RedisUris.knownScheme(uri)) {
            throw parent.invalid(key, key + " \"" + RedisUris.redact(uri) + "\" must start with one of "
                    + String.join("://, ", RedisUris.SCHEMES) + "://", EXAMPLE);
        }
        try {
            URI parsed = new URI(uri);
            if (!parsed.getScheme().equalsIgnoreCase("redis-socket") && parsed.getHost() == null) {
                throw parent.invalid(key, key + " \"" + RedisUris.redact(uri) + "\" names no host", EXAMPLE);
            }
        } catch (URISyntaxException e) {
            throw parent.invalid(key, key + " \"" + RedisUris.redact(uri) + "\" is not a valid URI"
                    + " (a password with special characters must be percent-encoded, e.g. @ as %40)", EXAMPLE);
        }
        return uri;
    }

    private RedisPassword fromEnvironment(ConfigObject redis) throws ConfigException {
        String example = "passwordEnv: FLEETDECK_REDIS_PASSWORD";
        String variable = redis.text("passwordEnv", example).orElseThrow();
        if (!VARIABLE.matcher(variable).matches()) {
            throw redis.invalid("passwordEnv", "passwordEnv names an environment variable; \"" + variable
                    + "\" is not a variable name (the password itself does not belong in this file)", example);
        }
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw redis.invalid("passwordEnv", "environment variable " + variable + " is "
                    + (value == null ? "not set" : "empty") + ", so there is no Redis password",
                    "export " + variable + "=... before starting fleetdeck, or passwordFile: /etc/fleetdeck/redis.pass");
        }
        return RedisPassword.fromEnvironment(variable, value);
    }

    private RedisPassword fromFile(ConfigObject redis) throws ConfigException {
        String example = "passwordFile: /etc/fleetdeck/redis.pass (a file holding only the password, chmod 600)";
        Path file = path(redis, "passwordFile", redis.text("passwordFile", example).orElseThrow(), example);
        String text = readSmall(redis, "passwordFile", "password file", file, MAX_PASSWORD_BYTES, example);
        // One trailing line break is how editors and `echo` end a file; it is not part of the password.
        String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.isEmpty()) {
            throw redis.invalid("passwordFile", "password file " + file + " is empty", example);
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw redis.invalid("passwordFile", "password file " + file + " holds more than one line", example);
        }
        return RedisPassword.fromFile(file, value);
    }

    private Optional<Path> caFile(ConfigObject redis, String uri) throws ConfigException {
        String example = "caFile: /etc/fleetdeck/redis-ca.pem (the PEM certificate of the CA that signed the server's)";
        Optional<String> text = redis.text("caFile", example);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String scheme = uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("rediss")) {
            throw redis.invalid("caFile", "caFile applies to TLS only, and " + scheme + ":// is plain",
                    "uri: rediss://" + RedisUris.redact(uri).substring(uri.indexOf("://") + 3) + " (or remove caFile)");
        }
        Path file = path(redis, "caFile", text.get(), example);
        String pem = readSmall(redis, "caFile", "CA file", file, MAX_CA_BYTES, example);
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw redis.invalid("caFile", "CA file " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                    example);
        }
        return Optional.of(file);
    }

    // Reads a small file; messages name the file and the cause, never any of its content.
    private static String readSmall(ConfigObject redis, String key, String what, Path file, long maxBytes,
                                    String example) throws ConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw redis.invalid(key, what + " " + file + " is a folder", example);
            }
            if (Files.size(file) > maxBytes) {
                throw redis.invalid(key, what + " " + file + " is larger than " + maxBytes / 1024
                        + " KiB, so it is not one — check the path", example);
            }
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw redis.invalid(key, what + " " + file + " does not exist", example);
        } catch (AccessDeniedException e) {
            throw redis.invalid(key, what + " " + file + " cannot be read (permission denied)",
                    "a file the user running fleetdeck may read, e.g. chown it to that user and chmod 600");
        } catch (IOException e) {
            throw redis.invalid(key, what + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", example);
        }
    }

    private Path path(ConfigObject redis, String key, String raw, String example) throws ConfigException {
        try {
            return raw.equals("~") || raw.startsWith("~/")
                    ? userHome.resolve(raw.substring(Math.min(2, raw.length())))
                    : baseDir.resolve(raw);
        } catch (InvalidPathException e) {
            throw redis.invalid(key, key + " is not a usable path (" + e.getReason() + ")", example);
        }
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
