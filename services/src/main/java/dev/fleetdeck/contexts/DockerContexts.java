package dev.fleetdeck.contexts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads the Docker CLI's contexts the way the CLI lays them out (docker/cli
 * {@code cli/context/store}): {@code $DOCKER_CONFIG/contexts/meta/<sha256 of the name>/meta.json}
 * holds the name and the endpoints, {@code contexts/tls/<same id>/docker/} the endpoint's
 * {@code ca.pem}, {@code cert.pem} and {@code key.pem}. {@code DOCKER_CONFIG} defaults to
 * {@code ~/.docker}. The built-in {@code default} context is not stored there: it is
 * {@code DOCKER_HOST}, which the embedded default already follows.
 */
public final class DockerContexts {
    static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");
    // Far above a real meta.json (a few hundred bytes); keeps a wrong file from being read whole.
    private static final long MAX_META_BYTES = 1024 * 1024;

    private final Path configDir;
    private final ObjectMapper json;

    public DockerContexts(Path configDir, ObjectMapper json) {
        this.configDir = configDir;
        this.json = json;
    }

    /** The Docker CLI's configuration folder: {@code DOCKER_CONFIG}, else {@code ~/.docker}. */
    public static Path configDir(Map<String, String> environment, Path userHome) {
        String dir = environment.get("DOCKER_CONFIG");
        return dir != null && !dir.isBlank() ? Path.of(dir) : userHome.resolve(".docker");
    }

    public Path configDir() {
        return configDir;
    }

    /**
     * What is stored: the contexts that could be read, in name order, and one line per context
     * that could not (its file, what is wrong, what to do).
     */
    public Reading read() {
        Path meta = configDir.resolve("contexts").resolve("meta");
        List<DockerContext> contexts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(meta)) {
            return new Reading(List.of(), List.of());
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(meta, Files::isDirectory)) {
            stream.forEach(dirs::add);
        } catch (IOException e) {
            return new Reading(
                    List.of(),
                    List.of(meta + ": cannot be listed (" + e.getClass().getSimpleName()
                            + ") — check that you may read it"));
        }
        dirs.sort(null);
        for (Path dir : dirs) {
            try {
                contexts.add(context(dir.resolve("meta.json")));
            } catch (ContextProblem p) {
                problems.add(p.getMessage());
            }
        }
        contexts.sort((a, b) -> a.name().compareTo(b.name()));
        return new Reading(contexts, problems);
    }

    private DockerContext context(Path metaFile) throws ContextProblem {
        JsonNode root = meta(metaFile);
        String name = root.path("Name").asText("");
        if (name.isBlank()) {
            throw new ContextProblem(
                    metaFile + ": has no Name — remove its folder, or recreate the context with docker context create");
        }
        JsonNode docker = root.path("Endpoints").path("docker");
        String host = docker.path("Host").asText("");
        if (host.isBlank()) {
            throw new ContextProblem("context '" + name + "' (" + metaFile + ") has no Docker endpoint host"
                    + " — set one with docker context update " + name + " --docker host=tcp://HOST:2376");
        }
        String id = metaFile.getParent().getFileName().toString();
        if (!id.equals(idOf(name))) {
            throw new ContextProblem("context '" + name + "' (" + metaFile + ") is in a folder named for another name"
                    + " — the Docker CLI does not see it either; recreate it with docker context create " + name);
        }
        Path tls = configDir.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
        Path tlsDir = null;
        if (Files.isDirectory(tls)) {
            for (String file : TLS_FILES) {
                Path f = tls.resolve(file);
                if (!Files.isRegularFile(f)) {
                    throw new ContextProblem("context '" + name + "': its TLS file " + f + " is missing"
                            + " — give the context all three files: docker context update " + name
                            + " --docker host=" + host + ",ca=ca.pem,cert=cert.pem,key=key.pem");
                }
            }
            tlsDir = tls;
        }
        return new DockerContext(
                name,
                root.path("Metadata").path("Description").asText(""),
                host,
                docker.path("SkipTLSVerify").asBoolean(false),
                tlsDir,
                metaFile);
    }

    private JsonNode meta(Path metaFile) throws ContextProblem {
        try {
            if (Files.size(metaFile) > MAX_META_BYTES) {
                throw new ContextProblem(metaFile + ": is too large for a context's meta.json — remove its folder");
            }
            JsonNode root = json.readTree(Files.readString(metaFile, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                throw new ContextProblem(metaFile + ": is not a context's meta.json (no JSON object)"
                        + " — remove its folder, or recreate the context with docker context create");
            }
            return root;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ContextProblem(
                    metaFile + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() + ":" + at.getColumnNr() : "")
                            + ": is not valid JSON (" + e.getOriginalMessage() + ")"
                            + " — remove its folder, or recreate the context with docker context create");
        } catch (IOException e) {
            throw new ContextProblem(metaFile + ": cannot be read ("
                    + e.getClass().getSimpleName() + ") — check that it exists and you may read it");
        }
    }

    /** The folder name the Docker CLI gives a context: the SHA-256 of its name, in hex. */
    static String idOf(String name) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The readable contexts, and one line for each that is not. */
    public record Reading(List<DockerContext> contexts, List<String> problems) {
        public Reading {
            contexts = List.copyOf(contexts);
            problems = List.copyOf(problems);
        }
    }

    private static final class ContextProblem extends Exception {
        ContextProblem(String message) {
            super(message);
        }
    }
}
