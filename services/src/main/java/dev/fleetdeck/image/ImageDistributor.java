package dev.fleetdeck.image;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.image.ImageInventory.AgentImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The startup guide's pre-pull, done before users ask: every enabled agent gets every catalog
 * image, copied from a peer that has it. Pulling from a registry would be the other source, but
 * only when one is configured; without one an image no agent has is reported, not fetched.
 */
public final class ImageDistributor implements AutoCloseable {
    private final ImageInventory inventory;
    private final ImageCopier copier;
    private final Optional<String> registry;
    private final ScheduledExecutorService executor;
    private final Consumer<String> problems;
    private ScheduledFuture<?> schedule;

    /** @param registry the registry images would be pulled from; empty when none is configured */
    public ImageDistributor(ImageInventory inventory, ImageCopier copier, Optional<String> registry,
                            ScheduledExecutorService executor, Consumer<String> problems) {
        this.inventory = inventory;
        this.copier = copier;
        this.registry = registry;
        this.executor = executor;
        this.problems = problems;
    }

    public enum Outcome { COPIED, FAILED, NOT_AVAILABLE }

    /** What happened to one missing image on one agent. */
    public record Transfer(String image, String agent, String from, Outcome outcome, String detail) {
    }

    /** One round: fills every gap it can, returns what it did (empty when nothing was missing). */
    public synchronized List<Transfer> distribute() {
        List<AgentImages> agents = inventory.read();
        List<Transfer> done = new ArrayList<>();
        for (AgentImages target : agents) {
            if (!target.enabled() || target.error() != null) {
                continue;
            }
            for (String image : target.missing()) {
                done.add(fill(image, target.agent(), agents));
            }
        }
        return done;
    }

    private Transfer fill(String image, String agent, List<AgentImages> agents) {
        String failures = "";
        for (AgentImages peer : agents) {
            if (peer.agent().equals(agent) || peer.error() != null || !peer.has(image)) {
                continue;
            }
            try {
                ImageCopier.Copy c = copier.copy(image, peer.agent(), agent);
                return new Transfer(image, agent, peer.agent(), Outcome.COPIED,
                        (c.bytes() >> 20) + " MiB in " + c.took().toMillis() + " ms");
            } catch (AgentEngine.EngineException | RuntimeException e) {
                failures += (failures.isEmpty() ? "" : "; ") + peer.agent() + ": " + e.getMessage();
            }
        }
        if (!failures.isEmpty()) {
            return new Transfer(image, agent, null, Outcome.FAILED, failures);
        }
        return new Transfer(image, agent, null, Outcome.NOT_AVAILABLE, registry
                .map(r -> "no agent has it; pulling from " + r + " is not supported yet")
                .orElse("no agent has it and no registry is configured to pull it from"));
    }

    /** Runs {@link #distribute} every {@code interval}; what failed is told to the problems sink. */
    public synchronized void start(Duration interval) {
        if (schedule != null) {
            return;
        }
        schedule = executor.scheduleWithFixedDelay(() -> {
            try {
                for (Transfer t : distribute()) {
                    if (t.outcome() != Outcome.COPIED) {
                        problems.accept("pre-pull of " + t.image() + " to " + t.agent() + ": " + t.detail());
                    }
                }
            } catch (RuntimeException e) {
                problems.accept("pre-pull round failed: " + e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }
}
