package dev.fleetdeck.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code testbed.env} file that {@code testbed.sh up} writes: agents in order, Redis, the
 * local registry, the TLS parts and the Sentinel set.
 *
 * @param agents   agent name → {@code unix://} URI of its engine, in the script's order
 * @param registry {@code 127.0.0.1:PORT} of the bed's docker-registry; empty in a bed started by an
 *                 older script (the starter then runs {@code up} again, which adds it)
 * @param tls      the TLS agent and the TLS + ACL Redis
 * @param sentinel the Redis Sentinel set; empty in a bed started by an older script
 * @param metrics  the bed's Prometheus and node-exporters; empty in a bed started by an older script
 */
public record TestBedEnv(
        Path dir,
        Map<String, URI> agents,
        URI redis,
        Optional<String> registry,
        Tls tls,
        Optional<Sentinel> sentinel,
        Optional<Metrics> metrics) {

    /**
     * A master, a replica and a sentinel watching them.
     *
     * @param uri {@code redis-sentinel://127.0.0.1:PORT#NAME}
     * @param dir node1/, node2/ (each with port, redis.pid) and sentinel/
     */
    public record Sentinel(URI uri, Path dir) {}

    /**
     * The bed's Prometheus (scraping every 2 s) and one node-exporter per agent name.
     *
     * @param prometheus    {@code http://127.0.0.1:PORT}
     * @param nodeExporters agent name → {@code 127.0.0.1:PORT}, its {@code instance} label
     */
    public record Metrics(URI prometheus, Map<String, String> nodeExporters) {
        public Metrics {
            nodeExporters = Collections.unmodifiableMap(new LinkedHashMap<>(nodeExporters));
        }
    }

    /**
     * The TLS agent and the TLS + ACL Redis.
     *
     * @param agent        the TLS agent's name
     * @param host         its {@code tcp://} URI, which demands a client certificate
     * @param socket       its {@code unix://} socket: the test's own witness, no TLS involved
     * @param clientCerts  a folder with ca.pem, cert.pem, key.pem that the agent accepts
     * @param wrongCaCerts the same client certificate with a CA that did not sign the agent's
     * @param wrongClientCerts the right CA with a client certificate the agent does not accept
     * @param redis        {@code rediss://host:port}, no credentials
     * @param redisUser    the one ACL user
     * @param redisPasswordFile the file holding its password (mode 600)
     * @param caFile       the CA that signed the Redis server's certificate
     */
    public record Tls(
            String agent,
            URI host,
            URI socket,
            Path clientCerts,
            Path wrongCaCerts,
            Path wrongClientCerts,
            URI redis,
            String redisUser,
            Path redisPasswordFile,
            Path caFile) {}

    public static final String FILE_NAME = "testbed.env";

    public TestBedEnv {
        agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
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
                    values.put(
                            line.substring(0, eq).trim(), line.substring(eq + 1).trim());
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
        for (String entry : agentList.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException(file + ": bad agent entry '" + entry + "'");
            }
            agents.put(
                    entry.substring(0, eq).trim(),
                    URI.create(entry.substring(eq + 1).trim()));
        }
        String registry = values.get("FLEETDECK_TESTBED_REGISTRY");
        return Optional.of(new TestBedEnv(
                dir,
                agents,
                URI.create(redis),
                Optional.ofNullable(registry).filter(r -> !r.isBlank()),
                tls(file, values),
                Optional.ofNullable(values.get("FLEETDECK_TESTBED_SENTINEL"))
                        .filter(v -> !v.isBlank())
                        .map(v -> new Sentinel(URI.create(v), Path.of(values.get("FLEETDECK_TESTBED_SENTINEL_DIR")))),
                metrics(file, values)));
    }

    private static Optional<Metrics> metrics(Path file, Map<String, String> values) {
        String prometheus = values.get("FLEETDECK_TESTBED_PROMETHEUS");
        String exporters = values.get("FLEETDECK_TESTBED_NODE_EXPORTERS");
        if (prometheus == null || prometheus.isBlank() || exporters == null) {
            return Optional.empty();
        }
        Map<String, String> byAgent = new LinkedHashMap<>();
        for (String entry : exporters.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException(file + ": bad node-exporter entry '" + entry + "'");
            }
            byAgent.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return Optional.of(new Metrics(URI.create(prometheus), byAgent));
    }

    private static Tls tls(Path file, Map<String, String> values) {
        String agent = required(file, values, "FLEETDECK_TESTBED_TLS_AGENT");
        int eq = agent.indexOf('=');
        if (eq <= 0) {
            throw new IllegalStateException(file + ": bad TLS agent entry '" + agent + "'");
        }
        return new Tls(
                agent.substring(0, eq),
                URI.create(agent.substring(eq + 1)),
                URI.create(required(file, values, "FLEETDECK_TESTBED_TLS_AGENT_SOCKET")),
                Path.of(required(file, values, "FLEETDECK_TESTBED_TLS_AGENT_CERTS")),
                Path.of(required(file, values, "FLEETDECK_TESTBED_TLS_WRONG_CA_CERTS")),
                Path.of(required(file, values, "FLEETDECK_TESTBED_TLS_WRONG_CLIENT_CERTS")),
                URI.create(required(file, values, "FLEETDECK_TESTBED_REDIS_TLS")),
                required(file, values, "FLEETDECK_TESTBED_REDIS_TLS_USER"),
                Path.of(required(file, values, "FLEETDECK_TESTBED_REDIS_TLS_PASSWORD_FILE")),
                Path.of(required(file, values, "FLEETDECK_TESTBED_REDIS_TLS_CA")));
    }

    /** A bed started by an older script lacks these; the starter then runs {@code up} again to add them. */
    private static String required(Path file, Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " lacks " + key + " (a test bed from before the TLS parts)");
        }
        return value;
    }
}
