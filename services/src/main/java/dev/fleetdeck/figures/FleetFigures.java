package dev.fleetdeck.figures;

import java.io.IOException;
import java.util.Optional;

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
        public boolean publish(PublishedFleet figures) {
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
     * Leaves {@code figures} for the others unless another process published within its interval.
     *
     * @return whether this call wrote
     */
    boolean publish(PublishedFleet figures) throws IOException;

    /** The last reading while it is fresh (two of its publisher's intervals), else empty. */
    Optional<PublishedFleet> latest() throws IOException;

    String describe();
}
