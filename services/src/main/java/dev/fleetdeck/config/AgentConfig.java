package dev.fleetdeck.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One agent as configured.
 *
 * @param host         {@code unix:///path}, {@code tcp://host:port}
 * @param tlsDir       directory with {@code ca.pem cert.pem key.pem}, or {@code null}
 * @param cpuOverride  capacity in cores used instead of the real CPUs; 0 = none
 * @param ramOverride  capacity in bytes used instead of the real RAM; 0 = none
 * @param insecure     plain {@code tcp://} to a non-loopback host was explicitly allowed
 * @param nodeExporter {@code host:port} of the agent's node-exporter: its {@code instance} label in
 *                     Prometheus; {@code null} = none (Docker's figures)
 */
public record AgentConfig(
        String name,
        URI host,
        Path tlsDir,
        String zone,
        boolean enabled,
        double cpuOverride,
        long ramOverride,
        boolean insecure,
        String nodeExporter) {

    public static final String DEFAULT_ZONE = "default";

    /** An agent without a node-exporter. */
    public AgentConfig(
            String name,
            URI host,
            Path tlsDir,
            String zone,
            boolean enabled,
            double cpuOverride,
            long ramOverride,
            boolean insecure) {
        this(name, host, tlsDir, zone, enabled, cpuOverride, ramOverride, insecure, null);
    }

    /** Literal loopback only: resolving names here would make loading a file depend on DNS. */
    public static boolean loopback(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
