package dev.fleetdeck.image;

import java.util.Optional;

/**
 * Where a workspace image can be pulled from. An image whose name starts with a registry host
 * ({@code registry.example.com:5000/kasm/firefox:1.0}) comes from that host, as {@code docker pull}
 * would fetch it. An image named without one ({@code kasmweb/firefox:1.17.0}) comes from the
 * configured registry ({@code settings: registry:}), typically a mirror, under the same path; with
 * none configured it is not pulled at all: Docker Hub is not assumed reachable, and peers that
 * have the image can copy it instead.
 */
public final class ImageRegistry {
    private final Optional<String> configured;

    /** @param configured {@code host[:port][/path]} from the settings, or empty */
    public ImageRegistry(Optional<String> configured) {
        this.configured = configured.map(r -> r.replaceAll("/+$", ""));
    }

    public Optional<String> configured() {
        return configured;
    }

    /** What to pull for {@code image}, or empty when no registry is known for it. */
    public Optional<String> referenceFor(String image) {
        if (namesRegistryHost(image)) {
            return Optional.of(image);
        }
        return configured.map(r -> r + "/" + image);
    }

    /** Docker's own rule: a first path part with a dot or a colon, or "localhost", is a registry host. */
    static boolean namesRegistryHost(String image) {
        int slash = image.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }
}
