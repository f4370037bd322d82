package dev.fleetdeck.launch;

import dev.fleetdeck.fleet.AdminEntry;
import java.io.IOException;
import java.util.List;

/**
 * The capacity reservations of every process launching on this fleet. {@link #reserve} checks
 * the agent's administrative state, the reservations already held and the agent's capacity, and
 * holds the new one, in one atomic step: two processes deciding at the same moment see each
 * other, and a launch that begins after a cordon is stored never lands on that agent.
 */
public interface CapacityLedger {

    /** Granted ({@code reservation} set), or refused by an admin state or by capacity (with what is held there). */
    record Grant(Reservation reservation, AdminEntry admin, double pendingCpus, long pendingMemBytes) {
        public boolean granted() {
            return reservation != null;
        }
    }

    Grant reserve(ReservationRequest request) throws IOException;

    /** The session exists: keep counting it for {@code keepMillis}, until every snapshot has its labels. */
    void placed(Reservation r, long keepMillis) throws IOException;

    /** The session was not created: the capacity is free at once. */
    void release(Reservation r) throws IOException;

    /** Every reservation still held (expired and dead owners' ones left out). */
    List<Reservation> held() throws IOException;

    String describe();

    /** One process only: tests, benchmarks, and the fallback while the shared store is away. */
    static CapacityLedger inMemory() {
        return new CapacityLedger() {
            private ReservationBook book = ReservationBook.EMPTY;

            @Override
            public synchronized Grant reserve(ReservationRequest request) {
                ReservationBook.Change c = book.reserve(request, null, System.currentTimeMillis(), o -> true);
                book = c.book();
                return c.grant();
            }

            @Override
            public synchronized void placed(Reservation r, long keepMillis) {
                book = book.placed(r.id(), System.currentTimeMillis() + keepMillis);
            }

            @Override
            public synchronized void release(Reservation r) {
                book = book.without(r.id());
            }

            @Override
            public synchronized List<Reservation> held() {
                return book.live(System.currentTimeMillis(), o -> true).values().stream()
                        .toList();
            }

            @Override
            public String describe() {
                return "this process's memory";
            }
        };
    }
}
