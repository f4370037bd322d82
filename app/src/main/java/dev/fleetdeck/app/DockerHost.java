package dev.fleetdeck.app;

import dev.fleetdeck.config.AgentConfig;
import dev.fleetdeck.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local engine as the Docker CLI finds it: {@code DOCKER_HOST} (default
 * {@code unix:///var/run/docker.sock}); with {@code DOCKER_TLS_VERIFY} set to anything but
 * empty or 0, TLS with the client files in {@code DOCKER_CERT_PATH} (default {@code ~/.docker}).
 * The embedded default opens this engine as its agent "local".
 */
public final class DockerHost {
    public static final URI DEFAULT = URI.create("unix:///var/run/docker.sock");

    private DockerHost() {}

    public static AgentConfig local(Map<String, String> env, Path home) throws ConfigException {
        String raw = env.get("DOCKER_HOST");
        URI host = DEFAULT;
        if (raw != null && !raw.isBlank()) {
            host = parse(raw.strip());
        }
        String verify = env.get("DOCKER_TLS_VERIFY");
        Path tls = null;
        if (verify != null && !verify.isBlank() && !verify.equals("0")) {
            String certs = env.get("DOCKER_CERT_PATH");
            tls = certs != null && !certs.isBlank() ? Path.of(certs) : home.resolve(".docker");
        }
        return new AgentConfig("local", host, tls, AgentConfig.DEFAULT_ZONE, true, 0, 0, false);
    }

    private static URI parse(String raw) throws ConfigException {
        try {
            URI uri = new URI(raw);
            boolean unix = "unix".equals(uri.getScheme())
                    && uri.getPath() != null
                    && !uri.getPath().isEmpty();
            boolean tcp = "tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0;
            if (unix || tcp) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new ConfigException("DOCKER_HOST=" + raw + " is not a Docker address: write unix:///var/run/docker.sock "
                + "or tcp://HOST:PORT (ssh:// and npipe:// are not supported)");
    }
}
