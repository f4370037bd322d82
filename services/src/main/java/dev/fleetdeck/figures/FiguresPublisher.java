package dev.fleetdeck.figures;

import dev.fleetdeck.fleet.FleetSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Leaves each fleet reading of a window or the keeper for the other processes (a listener of the
 * fleet monitor). The writes run on an executor of their own, never on the fleet's tick: a Redis
 * that does not answer holds this for its timeout and the readings meanwhile are replaced by the
 * newest one, not queued. A problem is told once, and again only when it changes.
 */
public final class FiguresPublisher implements Consumer<FleetSnapshot> {
    private final FleetFigures figures;
    private final String publisher;
    private final Duration every;
    private final Executor writer;
    private final Consumer<String> problems;
    private final AtomicReference<FleetSnapshot> pending = new AtomicReference<>();
    private String lastProblem;

    public FiguresPublisher(
            FleetFigures figures, String publisher, Duration every, Executor writer, Consumer<String> problems) {
        this.figures = figures;
        this.publisher = publisher;
        this.every = every;
        this.writer = writer;
        this.problems = problems;
    }

    @Override
    public void accept(FleetSnapshot snapshot) {
        if (pending.getAndSet(snapshot) == null) {
            writer.execute(this::publishPending);
        }
    }

    private void publishPending() {
        FleetSnapshot snapshot = pending.getAndSet(null);
        if (snapshot == null) {
            return;
        }
        String problem = null;
        try {
            figures.publish(publisher, every, () -> PublishedFleet.of(publisher, every, snapshot));
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage() + " (fleetdeck agents reads the agents itself meanwhile)";
        }
        if (!Objects.equals(problem, lastProblem) && problem != null) {
            problems.accept(problem);
        }
        lastProblem = problem;
    }
}
