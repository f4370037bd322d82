package dev.fleetdeck.drain;

import java.time.Duration;
import java.util.Optional;

/**
 * One drain per agent across consoles: whoever holds an agent's lease runs its drain. A lease
 * expires unless renewed, so one held by a console that died frees itself after its TTL.
 */
public interface Lease {

    /** Takes the agent's lease for {@code owner}, or says who holds it. Idempotent for the holder. */
    Grant acquire(String agent, String owner, Duration ttl);

    /** Extends the lease; {@code false} when {@code owner} no longer holds it (expired, taken). */
    boolean renew(String agent, String owner, Duration ttl);

    /** Gives the lease up if {@code owner} holds it; never releases another's. */
    void release(String agent, String owner);

    /** Who holds the agent's lease now. */
    Optional<String> holder(String agent);

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
}
