package dev.fleetdeck.pool;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The staged sessions of every pool and their claims, shared by every console, keeper and command
 * (a file under the data folder, or Redis). Claiming and withdrawing are atomic against each other:
 * a staged session is either handed to one launch or removed by the keeper, never both, and a
 * claimed one is never offered again, whichever process restarts.
 */
public interface PoolStore {

    /** Staged sessions nobody has claimed yet. */
    List<PoolEntry> ready() throws IOException;

    void add(PoolEntry entry) throws IOException;

    /**
     * Claims the first of {@code candidates} that is still ready for {@code user}, in one atomic
     * step; empty when another process took them all first.
     */
    Optional<PoolEntry> claim(List<PoolEntry> candidates, String user, Instant at) throws IOException;

    /** Takes a ready session out so it can be removed; false when a launch claimed it first. */
    boolean withdraw(String sessionId) throws IOException;

    /** Every claim by session id: the monitors read a claimed session's real user here. */
    Map<String, PoolClaim> claims() throws IOException;

    /** Drops the claim of a session whose container is gone. */
    void forget(String sessionId) throws IOException;

    /** Claims made on {@code day} (UTC) by pool key. */
    Map<String, Integer> claimedOn(LocalDate day) throws IOException;

    /** Where it lives, for messages. */
    String describe();
}
