package dev.fleetdeck.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdeck.fleet.AdminEntry;
import dev.fleetdeck.fleet.AgentState;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reservation rules the locked file and the in-process ledger share (Redis runs them in Lua). */
class ReservationBookTest {
    private static ReservationRequest request(String id, String session, Set<String> counted, double allocated) {
        return new ReservationRequest(
                id, "a1", session, 1.0, 64L << 20, allocated, 0, 2.0, 8L << 30, counted, "p", 10_000);
    }

    @Test
    void anAgentWithRoomForTwoGrantsTwoAndRefusesTheThirdWithWhatIsHeld() {
        ReservationBook.Change one =
                ReservationBook.EMPTY.reserve(request("r1", "s1", Set.of(), 0), null, 0, o -> true);
        ReservationBook.Change two = one.book().reserve(request("r2", "s2", Set.of(), 0), null, 0, o -> true);
        ReservationBook.Change three = two.book().reserve(request("r3", "s3", Set.of(), 0), null, 0, o -> true);
        assertThat(one.grant().granted()).isTrue();
        assertThat(two.grant().granted()).isTrue();
        assertThat(three.grant().granted()).isFalse();
        assertThat(three.grant().pendingCpus()).isEqualTo(2.0);
    }

    @Test
    void aSessionTheSnapshotCountsIsNotCountedTwice() {
        ReservationBook book = ReservationBook.EMPTY
                .reserve(request("r1", "s1", Set.of(), 0), null, 0, o -> true)
                .book();
        // The snapshot now shows s1 (allocated 1 core) and still the reservation: room for one more.
        assertThat(book.reserve(request("r2", "s2", Set.of("s1"), 1.0), null, 0, o -> true)
                        .grant()
                        .granted())
                .isTrue();
    }

    @Test
    void aCordonRefusesWhateverTheCapacity() {
        AdminEntry cordon = new AdminEntry("a1", AgentState.CORDONED, "alice", "patch", Instant.EPOCH);
        CapacityLedger.Grant g = ReservationBook.EMPTY
                .reserve(request("r1", "s1", Set.of(), 0), cordon, 0, o -> true)
                .grant();
        assertThat(g.granted()).isFalse();
        assertThat(g.admin()).isEqualTo(cordon);
    }

    @Test
    void expiredAndDeadOwnersReservationsGiveTheirRoomBack() {
        ReservationBook book = ReservationBook.EMPTY
                .reserve(request("r1", "s1", Set.of(), 0), null, 0, o -> true)
                .book()
                .reserve(request("r2", "s2", Set.of(), 0), null, 0, o -> true)
                .book();
        // r1 expired (ttl 10 s), so at 11 s one core is free again
        ReservationBook later = book.placed("r2", 60_000);
        assertThat(later.reserve(request("r3", "s3", Set.of(), 0), null, 11_000, o -> true)
                        .grant()
                        .granted())
                .isTrue();
        // the owner of both died: all free
        assertThat(book.live(0, o -> false)).isEmpty();
    }
}
