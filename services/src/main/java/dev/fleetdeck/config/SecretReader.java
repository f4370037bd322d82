package dev.fleetdeck.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads what a configuration keeps outside its file: a secret from an environment variable or a
 * one-line file, and a PEM CA file. Shared by {@code redis:} and {@code metrics:}. Errors are
 * located at the key and name the variable or the file, never any of its content.
 */
final class SecretReader {

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // A secret file holds one line and a CA bundle a few hundred certificates; bigger is the wrong file.
    private static final long MAX_SECRET_BYTES = 4096;
    private static final long MAX_CA_BYTES = 1 << 20;

    private final Path baseDir;
    private final Path userHome;
    private final Function<String, String> environment;

    /**
     * @param baseDir     where relative paths start: the config file's folder
     * @param userHome    what {@code ~} means in those paths
     * @param environment the process environment
     */
    SecretReader(Path baseDir, Path userHome, Function<String, String> environment) {
        this.baseDir = baseDir;
        this.userHome = userHome;
        this.environment = environment;
    }

    /**
     * The secret in the variable named at {@code key}.
     *
     * @param what       what the secret is, for messages ("Redis password")
     * @param otherwise  the fix when the variable is unset, e.g. another way to give it
     */
    Secret fromEnvironment(ConfigObject object, String key, String what, String example, String otherwise)
            throws ConfigException {
        String variable = object.text(key, example).orElseThrow();
        if (!VARIABLE.matcher(variable).matches()) {
            throw object.invalid(
                    key,
                    key + " names an environment variable; \"" + variable + "\" is not a variable name (the " + what
                            + " itself does not belong in this file)",
                    example);
        }
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw object.invalid(
                    key,
                    "environment variable " + variable + " is " + (value == null ? "not set" : "empty")
                            + ", so there is no " + what,
                    "export " + variable + "=... before starting fleetdeck, or " + otherwise);
        }
        return new Secret("environment variable " + variable, Optional.empty(), value);
    }

    /** The one-line secret in the file named at {@code key}. */
    Secret fromFile(ConfigObject object, String key, String what, String example) throws ConfigException {
        Path file = path(object, key, object.text(key, example).orElseThrow(), example);
        String text = readSmall(object, key, what + " file", file, MAX_SECRET_BYTES, example);
        // One trailing line break is how editors and `echo` end a file; it is not part of the secret.
        String value = text.endsWith("\r\n")
                ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.isEmpty()) {
            throw object.invalid(key, what + " file " + file + " is empty", example);
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw object.invalid(key, what + " file " + file + " holds more than one line", example);
        }
        return new Secret("file " + file, Optional.of(file), value);
    }

    /** The PEM CA file named at {@code key}, checked to hold a certificate; empty when the key is absent. */
    Optional<Path> caFile(ConfigObject object, String key, String example) throws ConfigException {
        Optional<String> text = object.text(key, example);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path file = path(object, key, text.get(), example);
        String pem = readSmall(object, key, "CA file", file, MAX_CA_BYTES, example);
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw object.invalid(
                    key, "CA file " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)", example);
        }
        return Optional.of(file);
    }

    // Reads a small file; messages name the file and the cause, never any of its content.
    private static String readSmall(
            ConfigObject object, String key, String what, Path file, long maxBytes, String example)
            throws ConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw object.invalid(key, what + " " + file + " is a folder", example);
            }
            if (Files.size(file) > maxBytes) {
                throw object.invalid(
                        key,
                        what + " " + file + " is larger than " + maxBytes / 1024
                                + " KiB, so it is not one — check the path",
                        example);
            }
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw object.invalid(key, what + " " + file + " does not exist", example);
        } catch (AccessDeniedException e) {
            throw object.invalid(
                    key,
                    what + " " + file + " cannot be read (permission denied)",
                    "a file the user running fleetdeck may read, e.g. chown it to that user and chmod 600");
        } catch (IOException e) {
            throw object.invalid(
                    key, what + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", example);
        }
    }

    private Path path(ConfigObject object, String key, String raw, String example) throws ConfigException {
        try {
            return raw.equals("~") || raw.startsWith("~/")
                    ? userHome.resolve(raw.substring(Math.min(2, raw.length())))
                    : baseDir.resolve(raw);
        } catch (InvalidPathException e) {
            throw object.invalid(key, key + " is not a usable path (" + e.getReason() + ")", example);
        }
    }
}
