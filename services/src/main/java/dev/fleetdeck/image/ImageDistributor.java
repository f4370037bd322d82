package dev.fleetdeck.image;

import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.image.ImageInventory.AgentImages;
import dev.fleetdeck.progress.Progress;
import dev.fleetdeck.progress.ProgressBoard;
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
 * image. A registry, when one is known for the image, is asked first: each agent pulls on its
 * own, and the console's link carries nothing. When the pull fails (registry down, image not
 * pushed) or no registry is known, the image is copied from a peer that has it; the failed pull
 * stays in the transfer, so a broken registry does not hide behind working copies.
 */
public final class ImageDistributor implements AutoCloseable {
    private final ImageInventory inventory;
    private final ImagePuller puller;
    private final ImageCopier copier;
    private final ScheduledExecutorService executor;
    private final Consumer<String> problems;
    private final ProgressBoard board;
    // Not the round's lock: closing must not wait for a copy of gigabytes to finish.
    private final Object scheduling = new Object();
    private ScheduledFuture<?> schedule;

    /** @param executor runs the scheduled rounds: its own thread, since a round may copy for minutes */
    public ImageDistributor(
            ImageInventory inventory,
            ImagePuller puller,
            ImageCopier copier,
            ScheduledExecutorService executor,
            Consumer<String> problems) {
        this(inventory, puller, copier, executor, problems, new ProgressBoard(System::nanoTime));
    }

    /** @param board where the scheduled rounds show their progress (the window's task list) */
    public ImageDistributor(
            ImageInventory inventory,
            ImagePuller puller,
            ImageCopier copier,
            ScheduledExecutorService executor,
            Consumer<String> problems,
            ProgressBoard board) {
        this.board = board;
        this.inventory = inventory;
        this.puller = puller;
        this.copier = copier;
        this.executor = executor;
        this.problems = problems;
    }

    public enum Outcome {
        PULLED,
        COPIED,
        FAILED,
        NOT_AVAILABLE
    }

    /**
     * What happened to one missing image on one agent.
     *
     * @param from      the reference pulled, or the agent copied from; {@code null} when neither worked
     * @param pullError why pulling from the registry failed (then a copy was tried), or {@code null}
     *                  when it worked or no registry is known for the image
     */
    public record Transfer(String image, String agent, String from, Outcome outcome, String detail, String pullError) {

        /** One line for a log or the console: what was done, and a failed pull when there was one. */
        public String describe() {
            String what = switch (outcome) {
                case PULLED -> "pulled " + image + " to " + agent + " from " + from;
                case COPIED -> "copied " + image + " to " + agent + " from " + from;
                case FAILED -> image + " not brought to " + agent;
                case NOT_AVAILABLE -> image + " not available for " + agent;
            };
            return what + ": " + detail
                    + (pullError != null && outcome == Outcome.COPIED
                            ? " (after the pull failed: " + pullError + ")"
                            : "");
        }
    }

    /** One round: fills every gap it can, returns what it did (empty when nothing was missing). */
    public List<Transfer> distribute() {
        return distribute(new Progress("pre-pull round", "transfers", 0, System::nanoTime));
    }

    /**
     * One round, telling {@code progress} each transfer done against the gaps found; a cancel
     * stops the round before its next transfer (the one under way finishes or fails).
     */
    public synchronized List<Transfer> distribute(Progress progress) {
        List<AgentImages> agents = inventory.read();
        List<Transfer> done = new ArrayList<>();
        progress.total(agents.stream()
                .filter(a -> a.enabled() && a.error() == null)
                .mapToLong(a -> a.missing().size())
                .sum());
        try {
            for (AgentImages target : agents) {
                if (!target.enabled() || target.error() != null) {
                    continue;
                }
                for (String image : target.missing()) {
                    if (progress.cancelRequested()) {
                        return done;
                    }
                    progress.detail(image + " to " + target.agent());
                    done.add(fill(image, target.agent(), agents));
                    progress.advance(1);
                }
            }
            return done;
        } finally {
            progress.finish();
        }
    }

    private Transfer fill(String image, String agent, List<AgentImages> agents) {
        Optional<String> reference = puller.referenceFor(image);
        String pullError = null;
        if (reference.isPresent()) {
            try {
                ImagePuller.Pull p = puller.pull(image, agent);
                return new Transfer(
                        image,
                        agent,
                        p.reference(),
                        Outcome.PULLED,
                        "in " + p.took().toMillis() + " ms",
                        null);
            } catch (AgentEngine.EngineException | RuntimeException e) {
                pullError = "pulling " + reference.get() + " failed: " + e.getMessage();
            }
        }
        String failures = "";
        for (AgentImages peer : agents) {
            if (peer.agent().equals(agent) || peer.error() != null || !peer.has(image)) {
                continue;
            }
            try {
                ImageCopier.Copy c = copier.copy(image, peer.agent(), agent);
                return new Transfer(
                        image,
                        agent,
                        peer.agent(),
                        Outcome.COPIED,
                        (c.bytes() >> 20) + " MiB in " + c.took().toMillis() + " ms",
                        pullError);
            } catch (AgentEngine.EngineException | RuntimeException e) {
                failures += (failures.isEmpty() ? "" : "; ") + "copy from " + peer.agent() + ": " + e.getMessage();
            }
        }
        String tried = pullError == null ? failures : pullError + (failures.isEmpty() ? "" : "; " + failures);
        if (!failures.isEmpty()) {
            return new Transfer(image, agent, null, Outcome.FAILED, tried, pullError);
        }
        if (pullError != null) {
            return new Transfer(
                    image, agent, null, Outcome.FAILED, pullError + "; no agent has it to copy from", pullError);
        }
        return new Transfer(
                image,
                agent,
                null,
                Outcome.NOT_AVAILABLE,
                "no agent has it and no registry is configured to pull it from (settings: registry:)",
                null);
    }

    /**
     * Runs {@link #distribute} every {@code interval}, the first round at once. Pulls and copies
     * that went wrong are told to the problems sink, and so is a copy made because a pull failed.
     */
    public void start(Duration interval) {
        synchronized (scheduling) {
            if (schedule != null) {
                return;
            }
            schedule = executor.scheduleWithFixedDelay(
                    this::scheduledRound, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void scheduledRound() {
        try {
            for (Transfer t : distribute(board.begin("pre-pull round", "transfers", 0))) {
                if (t.outcome() != Outcome.PULLED && (t.outcome() != Outcome.COPIED || t.pullError() != null)) {
                    problems.accept("pre-pull: " + t.describe());
                }
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: tell it and keep the schedule.
            problems.accept("pre-pull round failed: " + e);
        }
    }

    public boolean started() {
        synchronized (scheduling) {
            return schedule != null;
        }
    }

    /** Stops the schedule; a round under way is interrupted by its executor's shutdown, not here. */
    @Override
    public void close() {
        synchronized (scheduling) {
            if (schedule != null) {
                schedule.cancel(false);
                schedule = null;
            }
        }
    }
}
