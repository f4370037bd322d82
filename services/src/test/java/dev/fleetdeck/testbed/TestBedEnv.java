package dev.fleetdeck.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code testbed.env} file that {@code testbed.sh up} writes: agents in order, Redis and the
 * local registry.
 *
 * @param agents   agent name → {@code unix://} URI of its engine, in the script's order
 * @param registry {@code 127.0.0.1:PORT} of the bed's docker-registry; empty in a bed started by an
 *                 older script (the starter then runs {@code up} again, which adds it)
 */
public record TestBedEnv(Path dir, Map<String, URI> agents, URI redis, Optional<String> registry) {

    public static final String FILE_NAME = "testbed.env";

    public TestBedEnv {
        agents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agents));
    }

    /** Empty when the file does not exist; an existing but incomplete file is an error. */
    public static Optional<TestBedEnv> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String agentList = values.get("FLEETDECK_TESTBED_AGENTS");
        String redis = values.get("FLEETDECK_TESTBED_REDIS");
        if (agentList == null || agentList.isBlank() || redis == null) {
            throw new IllegalStateException(file + " lacks FLEETDECK_TESTBED_AGENTS or FLEETDECK_TESTBED_REDIS");
        }
        Map<String, URI> agents = new LinkedHashMap<>();
        for (String entry : agentList.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException(file + ": bad agent entry '" + entry + "'");
            }
            agents.put(entry.substring(0, eq).trim(), URI.create(entry.substring(eq + 1).trim()));
        }
        String registry = values.get("FLEETDECK_TESTBED_REGISTRY");
        return Optional.of(new TestBedEnv(dir, agents, URI.create(redis),
                Optional.ofNullable(registry).filter(r -> !r.isBlank())));
    }
}
