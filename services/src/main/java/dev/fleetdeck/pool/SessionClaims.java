package dev.fleetdeck.pool;

import dev.fleetdeck.fleet.SessionOwners;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which user claimed which staged session: a view of the shared {@link PoolStore}, so every
 * console and command shows a claimed session's real user (the container keeps its "(staged)"
 * label, since Docker cannot relabel). The monitors ask once per session per refresh, so the
 * claims are read at most once a second and kept in between; a claim this process makes is seen
 * at once.
 */
public final class SessionClaims implements SessionOwners {
    private static final long FRESH_NANOS = 1_000_000_000L;
    private final PoolStore store;
    private final LongSupplier nanoTime;
    private Map<String, PoolClaim> claims = Map.of();
    private long readAt;
    private boolean read;

    public SessionClaims(PoolStore store, LongSupplier nanoTime) {
        this.store = store;
        this.nanoTime = nanoTime;
    }

    /** Claims kept in this process only: the demo fleet and unit tests. */
    public SessionClaims() {
        this(new InMemoryPoolStore(), System::nanoTime);
    }

    public PoolStore store() {
        return store;
    }

    /** A claim this process just made: shown before the next read of the store. */
    synchronized void claimed(PoolClaim claim) {
        Map<String, PoolClaim> next = new HashMap<>(claims);
        next.put(claim.entry().sessionId(), claim);
        claims = Map.copyOf(next);
    }

    @Override
    public String ownerOf(String sessionId) {
        PoolClaim c = current().get(sessionId);
        return c == null ? null : c.user();
    }

    /** Every claim, as last read (at most a second old). */
    public synchronized Map<String, PoolClaim> current() {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt > FRESH_NANOS) {
            try {
                claims = store.claims();
            } catch (IOException e) {
                // Keep the last claims: a store away for a moment must not turn users into "(staged)".
            }
            read = true;
            readAt = now;
        }
        return claims;
    }
}
