package dev.fleetdeck.image;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.launch.ImagePresence;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Has an agent pull a workspace image from its registry ({@link ImageRegistry}) under the workspace's name. */
public final class ImagePuller {
    private final FleetMonitor fleet;
    private final ImageRegistry registry;
    private final ImagePresence presence;
    private final LongSupplier nanoTime;

    /** @param presence told to forget the agent's images, so placement sees the pulled one at once */
    public ImagePuller(FleetMonitor fleet, ImageRegistry registry, ImagePresence presence, LongSupplier nanoTime) {
        this.fleet = fleet;
        this.registry = registry;
        this.presence = presence;
        this.nanoTime = nanoTime;
    }

    /** One finished pull. */
    public record Pull(String image, String reference, String agent, Duration took) {}

    /** What would be pulled for {@code image}; empty = no registry for it, copy from a peer instead. */
    public Optional<String> referenceFor(String image) {
        return registry.referenceFor(image);
    }

    /**
     * @throws IllegalStateException when no registry is known for the image (ask {@link #referenceFor} first)
     */
    public Pull pull(String image, String agent) throws AgentEngine.EngineException {
        String reference = referenceFor(image)
                .orElseThrow(() -> new IllegalStateException("no registry to pull " + image
                        + " from: set settings: registry: or name the registry in the image"));
        AgentMonitor m = fleet.agent(agent);
        if (m == null) {
            throw new IllegalArgumentException("no agent " + agent + " in the configuration");
        }
        long t0 = nanoTime.getAsLong();
        try {
            m.engine().pullImage(reference, image);
        } finally {
            presence.forget(agent);
        }
        if (!m.engine().uncached().imageTags().contains(image)) {
            throw new AgentEngine.EngineException(agent + " pulled " + reference + " but does not list " + image);
        }
        return new Pull(image, reference, agent, Duration.ofNanos(nanoTime.getAsLong() - t0));
    }
}
