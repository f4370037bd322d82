package dev.fleetdeck.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One drain per agent across consoles: whoever holds an agent's lease runs its drain. A lease
 * expires unless renewed, so one held by a console that died frees itself after its TTL.
 */
public interface Lease {

    /** Takes the agent's lease for {@code owner}, or says who holds it. Idempotent for the holder. */
    Grant acquire(String agent, String owner, Duration ttl);

    /**
     * Extends the lease; {@link Renewal#LOST} when {@code owner} no longer holds it (taken by
     * another), {@link Renewal#UNREACHABLE} when the store could not be asked (Redis failing over).
     * A lease that vanished without another holder (a failover that lost the key) is taken again.
     */
    Renewal renew(String agent, String owner, Duration ttl);

    /** Gives the lease up if {@code owner} holds it; never releases another's. */
    void release(String agent, String owner);

    /** Who holds the agent's lease now, and since when. */
    Optional<Holder> holding(String agent);

    /** Who holds the agent's lease now. */
    default Optional<String> holder(String agent) {
        return holding(agent).map(Holder::owner);
    }

    /** Where leases live, for messages. */
    String describe();

    /** The answer to {@link #acquire}: granted, or refused with the holder. */
    record Grant(boolean granted, String holder) {
        public static Grant to(String owner) {
            return new Grant(true, owner);
        }

        public static Grant refusedBy(String holder) {
            return new Grant(false, holder);
        }
    }

    /** @param since when it took the lease; {@code null} when the store does not know */
    record Holder(String owner, Instant since) {}

    /** What a renewal found. */
    enum Renewal {
        HELD,
        LOST,
        UNREACHABLE
    }
}
