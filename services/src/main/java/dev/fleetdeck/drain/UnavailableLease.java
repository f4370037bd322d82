package dev.fleetdeck.drain;

import java.time.Duration;
import java.util.Optional;

/**
 * The leases of a console whose configured Redis could not be reached when it started: nobody
 * can tell whether another console drains an agent, so every drain is refused (with the reason)
 * rather than run beside another console's. Local files would only exclude this machine's.
 */
public final class UnavailableLease implements Lease {
    private final String reason;

    /** @param reason why, e.g. "Redis at redis://… is not reachable: …" */
    public UnavailableLease(String reason) {
        this.reason = reason;
    }

    @Override
    public Grant acquire(String agent, String owner, Duration ttl) {
        return Grant.refusedBy("a console this one cannot see (" + reason + ")");
    }

    @Override
    public Renewal renew(String agent, String owner, Duration ttl) {
        return Renewal.UNREACHABLE;
    }

    @Override
    public void release(String agent, String owner) {
        // nothing was taken
    }

    @Override
    public Optional<Holder> holding(String agent) {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "no leases until restart: the configured Redis was not reachable at start";
    }
}
