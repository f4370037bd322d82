package dev.fleetdeck.sim;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry simulated engines pull from: the references published to it, and whether it is
 * reachable. Shared by the engines of one {@link SimulatedFleet}, as one registry serves a fleet.
 * Empty until something is published, like a registry nobody pushed to.
 */
public final class SimulatedRegistry {
    private final Set<String> references = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    /** Makes {@code reference} (e.g. {@code registry.example:5000/fleetdeck/firefox:1.0}) pullable. */
    public void publish(String reference) {
        references.add(reference);
    }

    /** A registry that does not answer: every pull fails as a connection refused would. */
    public void setDown(boolean down) {
        this.down = down;
    }

    boolean reachable() {
        return !down;
    }

    boolean has(String reference) {
        return references.contains(reference);
    }
}
