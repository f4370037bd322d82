package dev.fleetdeck.image;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.FleetMonitor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which agents lack which workspace images: a launch can only be placed where its image is, so a
 * missing image shrinks the fleet for that workspace, and a first pull on the launch path is the
 * slowest startup the guide describes. Asks each engine afresh (no cache): it is read before acting.
 */
public final class ImageInventory {
    private final FleetMonitor fleet;
    private final Supplier<? extends Collection<String>> catalogImages;

    /** @param catalogImages the images of the configured workspace types */
    public ImageInventory(FleetMonitor fleet, Supplier<? extends Collection<String>> catalogImages) {
        this.fleet = fleet;
        this.catalogImages = catalogImages;
    }

    /**
     * One agent's catalog images.
     *
     * @param error why the agent's images could not be listed, or {@code null}
     */
    public record AgentImages(String agent, boolean enabled, Set<String> present, Set<String> missing, String error) {

        public boolean has(String image) {
            return present.contains(image);
        }
    }

    public List<String> catalog() {
        return List.copyOf(new TreeSet<>(catalogImages.get()));
    }

    public List<AgentImages> read() {
        List<String> catalog = catalog();
        List<AgentImages> out = new ArrayList<>();
        for (AgentMonitor m : fleet.agents()) {
            boolean enabled = m.config().enabled();
            try {
                Set<String> tags = m.engine().uncached().imageTags();
                Set<String> present = new TreeSet<>();
                Set<String> missing = new TreeSet<>();
                for (String image : catalog) {
                    (tags.contains(image) ? present : missing).add(image);
                }
                out.add(new AgentImages(m.name(), enabled, Set.copyOf(present), Set.copyOf(missing), null));
            } catch (AgentEngine.EngineException e) {
                out.add(new AgentImages(m.name(), enabled, Set.of(), Set.of(), e.getMessage()));
            }
        }
        return out;
    }
}
