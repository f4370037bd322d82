package dev.fleetdeck.contexts;

import dev.fleetdeck.config.AgentConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Docker contexts become agents: each one Fleetdeck can reach as Docker does (a unix socket,
 * or tcp:// with its TLS files, or plain tcp:// on this machine), and that is not already an
 * agent of the configuration by name or by address. The others are skipped with the reason.
 */
public final class ContextImport {
    // Agent names are typed in commands and become parts of Redis keys (see the config's agent reader).
    private static final int MAX_NAME = 63;

    private ContextImport() {}

    public static Plan plan(List<DockerContext> contexts, List<AgentConfig> existing) {
        Map<String, String> byHost =
                existing.stream().collect(Collectors.toMap(a -> a.host().toString(), AgentConfig::name, (a, b) -> a));
        Set<String> names = existing.stream()
                .map(a -> a.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(HashSet::new));
        List<Imported> add = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (DockerContext c : contexts) {
            String name = agentName(c.name());
            String why = unreachable(c);
            if (why == null && byHost.containsKey(c.host())) {
                why = "its endpoint " + c.host() + " is already the agent '" + byHost.get(c.host()) + "'";
            }
            if (why == null && names.contains(name.toLowerCase(Locale.ROOT))) {
                why = "an agent named '" + name + "' is already configured";
            }
            if (why != null) {
                skipped.add("context '" + c.name() + "': " + why);
                continue;
            }
            names.add(name.toLowerCase(Locale.ROOT));
            byHost.put(c.host(), name);
            add.add(new Imported(
                    c,
                    new AgentConfig(
                            name, URI.create(c.host()), c.tlsDir(), AgentConfig.DEFAULT_ZONE, true, 0, 0, false)));
        }
        return new Plan(add, skipped);
    }

    /** Why Fleetdeck cannot reach this context's engine as Docker would, or {@code null}. */
    private static String unreachable(DockerContext c) {
        URI uri;
        try {
            uri = new URI(c.host());
        } catch (URISyntaxException e) {
            return "its endpoint \"" + c.host() + "\" is not an address";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix":
                return uri.getPath() == null || uri.getPath().isEmpty()
                        ? "its endpoint " + c.host() + " names no socket"
                        : null;
            case "tcp":
                if (uri.getHost() == null || uri.getPort() < 0) {
                    return "its endpoint " + c.host() + " has no host and port";
                }
                if (c.skipTlsVerify()) {
                    return "it skips verifying the engine's certificate (SkipTLSVerify), which Fleetdeck never does";
                }
                if (c.tlsDir() == null && !AgentConfig.loopback(uri.getHost())) {
                    return "it reaches " + c.host() + " in plain tcp:// without TLS; add its TLS files"
                            + " (docker context update " + c.name() + " --docker host=" + c.host()
                            + ",ca=…,cert=…,key=…) or add the agent by hand with insecure: true";
                }
                return null;
            default:
                return "its endpoint " + c.host() + " uses " + (scheme.isEmpty() ? "no scheme" : scheme + "://")
                        + ", and Fleetdeck reaches engines by unix:// and tcp:// only";
        }
    }

    /** A context's name as an agent's: Docker also allows '+', agent names do not. */
    static String agentName(String context) {
        String name = context.replaceAll("[^A-Za-z0-9._-]", "-");
        if (!Character.isLetterOrDigit(name.charAt(0))) {
            name = "ctx" + name;
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /** One context and the agent it becomes. */
    public record Imported(DockerContext context, AgentConfig agent) {}

    /** The agents to add, and one line per context left out. */
    public record Plan(List<Imported> add, List<String> skipped) {
        public Plan {
            add = List.copyOf(add);
            skipped = List.copyOf(skipped);
        }

        public List<AgentConfig> agents() {
            return add.stream().map(Imported::agent).toList();
        }
    }
}
