package dev.fleetdeck.shared;

import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.launch.ReservationBook;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded default's shared fleet state, one JSON document: the agents' admin states and the
 * capacity reservations together, so a reservation checks the state under the same lock.
 */
public record SharedDocument(Map<String, AdminEntry> admin, ReservationBook reservations) {
    public static final SharedDocument EMPTY = new SharedDocument(Map.of(), ReservationBook.EMPTY);

    public SharedDocument {
        admin = admin == null ? Map.of() : Map.copyOf(admin);
        reservations = reservations == null ? ReservationBook.EMPTY : reservations;
    }

    SharedDocument withAdmin(String agent, AdminEntry entry) {
        Map<String, AdminEntry> next = new LinkedHashMap<>(admin);
        if (entry == null) {
            next.remove(agent);
        } else {
            next.put(agent, entry);
        }
        return new SharedDocument(next, reservations);
    }

    @SuppressWarnings("ReferenceEquality") // the same book back means unchanged: keep this document
    SharedDocument withReservations(ReservationBook book) {
        return book == reservations ? this : new SharedDocument(admin, book);
    }
}
