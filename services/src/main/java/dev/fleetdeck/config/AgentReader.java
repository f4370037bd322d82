package dev.fleetdeck.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads one entry of {@code agents:} into an {@link AgentConfig}. */
final class AgentReader {

    static final List<String> KEYS =
            List.of("name", "host", "tls", "zone", "enabled", "cpuOverride", "ramOverride", "insecure", "nodeExporter");
    static final String EXAMPLE = "{ name: agent1, host: unix:///var/run/docker.sock }";

    // Names are typed in commands (drain agent1) and become parts of Redis keys.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    // host:port as Prometheus writes an instance: a DNS name or IPv4 address, or [IPv6], then the port.
    private static final Pattern HOST_PORT =
            Pattern.compile("([A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+\\]):([0-9]{1,5})");
    private static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private final Path baseDir;
    private final Path userHome;

    /**
     * @param baseDir  where a relative {@code tls:} directory is looked for: the config file's folder
     * @param userHome what {@code ~} in a {@code tls:} directory means
     */
    AgentReader(Path baseDir, Path userHome) {
        this.baseDir = baseDir;
        this.userHome = userHome;
    }

    AgentConfig read(ConfigObject agent) throws ConfigException {
        agent.onlyKeys(KEYS);
        String name = agent.requiredText("name", "an agent", "name: agent1");
        if (!NAME.matcher(name).matches()) {
            throw agent.invalid(
                    "name",
                    "agent name \"" + name + "\" may hold only letters, digits, '.', '_' and '-'"
                            + " (starting with a letter or digit, at most 63)",
                    "name: agent-east-1");
        }
        String what = "agent '" + name + "'";
        URI host = host(agent, what);
        boolean insecure = agent.bool("insecure", "insecure: true").orElse(false);
        Path tls = tls(agent, host);
        if ("tcp".equals(host.getScheme()) && tls == null && !insecure && !AgentConfig.loopback(host.getHost())) {
            throw agent.invalid(
                    "host",
                    what + " would talk plain, unauthenticated tcp:// to " + host.getHost()
                            + " (anyone on the network could run containers there)",
                    "tls: /etc/fleetdeck/" + name + " (a folder with ca.pem cert.pem key.pem), "
                            + "or insecure: true if this network is trusted");
        }
        String zone = agent.text("zone", "zone: east").orElse(AgentConfig.DEFAULT_ZONE);
        boolean enabled = agent.bool("enabled", "enabled: false").orElse(true);
        double cpuOverride = agent.number(
                        "cpuOverride",
                        n -> n.signum() >= 0 && n.doubleValue() < 1e6,
                        "a number of cores >= 0",
                        "cpuOverride: 16 (0 = no override)")
                .map(BigDecimal::doubleValue)
                .orElse(0.0);
        long ramOverride = agent.size(
                        "ramOverride",
                        "a size >= 0 such as 64g or a number of bytes",
                        "ramOverride: 64g (0 = no override)")
                .orElse(0L);
        return new AgentConfig(name, host, tls, zone, enabled, cpuOverride, ramOverride, insecure, nodeExporter(agent));
    }

    private static String nodeExporter(ConfigObject agent) throws ConfigException {
        String example = "nodeExporter: agent1.example:9100 (the agent's instance label in Prometheus)";
        var text = agent.text("nodeExporter", example);
        if (text.isEmpty()) {
            return null;
        }
        String value = text.get().trim();
        var m = HOST_PORT.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535) {
            throw agent.invalid(
                    "nodeExporter",
                    "nodeExporter must be host:port, as Prometheus names the instance"
                            + (value.contains("://") ? " (no scheme)" : value.contains("/") ? " (no path)" : "")
                            + ", got \"" + value + "\"",
                    example);
        }
        return value;
    }

    private static URI host(ConfigObject agent, String what) throws ConfigException {
        String example = "host: unix:///var/run/docker.sock or host: tcp://10.0.0.5:2376";
        String text = agent.requiredText("host", what, example);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw agent.invalid("host", "host \"" + text + "\" is not a URI", example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix":
                if (uri.getPath() == null
                        || uri.getPath().isEmpty()
                        || !uri.getPath().startsWith("/")) {
                    throw agent.invalid(
                            "host",
                            "host \"" + text + "\" names no socket file (three slashes: unix:// + /path)",
                            "host: unix:///var/run/docker.sock");
                }
                return uri;
            case "tcp":
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw agent.invalid(
                            "host", "host \"" + text + "\" needs a host and a port", "host: tcp://10.0.0.5:2376");
                }
                return uri;
            default:
                throw agent.invalid(
                        "host",
                        "host \"" + text + "\" must start with unix:// or tcp://"
                                + (scheme.equals("https") || scheme.equals("http")
                                        ? " (Docker's TLS is tcp:// with tls:)"
                                        : ""),
                        example);
        }
    }

    private Path tls(ConfigObject agent, URI host) throws ConfigException {
        String example = "tls: /etc/fleetdeck/agent1 (a folder with ca.pem cert.pem key.pem)";
        var text = agent.text("tls", example);
        if (text.isEmpty()) {
            return null;
        }
        if (!"tcp".equals(host.getScheme())) {
            throw agent.invalid(
                    "tls",
                    "tls applies to tcp:// hosts only; a unix:// socket needs none",
                    "remove tls: or use host: tcp://host:2376");
        }
        String raw = text.get();
        Path dir = raw.equals("~") || raw.startsWith("~/")
                ? userHome.resolve(raw.substring(Math.min(2, raw.length())))
                : baseDir.resolve(raw);
        if (!Files.isDirectory(dir)) {
            throw agent.invalid("tls", "tls folder " + dir + " does not exist", example);
        }
        List<String> missing = new ArrayList<>();
        for (String file : TLS_FILES) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            throw agent.invalid(
                    "tls",
                    "tls folder " + dir + " lacks " + String.join(", ", missing),
                    "put the client certificate files ca.pem, cert.pem and key.pem (as docker --tlsverify uses) in it");
        }
        return dir;
    }
}
