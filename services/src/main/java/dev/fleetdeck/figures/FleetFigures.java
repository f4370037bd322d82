package dev.fleetdeck.figures;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the fleet's last reading is left for every process of the fleet: in Redis when the
 * configuration names one, else in a file under the data folder. Consoles and the keeper take turns:
 * whoever publishes first in a refresh interval publishes for all, so ten open consoles write
 * one reading per interval, not ten.
 */
public interface FleetFigures {
    /** No shared place (the demo fleet, services built by hand): nothing is published or read. */
    FleetFigures NONE = new FleetFigures() {
        @Override
        public boolean publish(String publisher, Duration every, Supplier<PublishedFleet> reading) {
            return false;
        }

        @Override
        public Optional<PublishedFleet> latest() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "nowhere";
        }
    };

    /**
     * Leaves a reading for the others unless another process published within {@code every}. The
     * reading is made only when the turn is this process's: the others lose no time on a fleet's
     * sessions for a reading nobody writes.
     *
     * @return whether this call wrote
     */
    boolean publish(String publisher, Duration every, Supplier<PublishedFleet> reading) throws IOException;

    /** Leaves a reading already made (tests, a one-off). */
    default boolean publish(PublishedFleet figures) throws IOException {
        return publish(figures.publisher(), figures.every(), () -> figures);
    }

    /**
     * How long a turn lasts: a little under one interval, so the next tick of whoever holds it
     * finds it free again.
     */
    static Duration turn(Duration every) {
        long ms = every.toMillis();
        return Duration.ofMillis(Math.max(1, ms - Math.min(250, ms / 4)));
    }

    /** The last reading while it is fresh (two of its publisher's intervals), else empty. */
    Optional<PublishedFleet> latest() throws IOException;

    String describe();
}
