package dev.fleetdeck.contexts;

import java.nio.file.Path;

/**
 * One context of the Docker CLI ({@code docker context create}), as it keeps it under
 * {@code $DOCKER_CONFIG/contexts}: its Docker endpoint and, when it has TLS material, the folder
 * holding {@code ca.pem}, {@code cert.pem} and {@code key.pem}.
 *
 * @param host     the endpoint's {@code Host}, as written ({@code unix://…}, {@code tcp://…}, {@code ssh://…})
 * @param tlsDir   {@code contexts/tls/<id>/docker}, or {@code null} when the context has no TLS material
 * @param metaFile the context's {@code meta.json}, for messages
 */
public record DockerContext(
        String name, String description, String host, boolean skipTlsVerify, Path tlsDir, Path metaFile) {}
