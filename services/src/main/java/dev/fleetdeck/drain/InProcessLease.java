package dev.fleetdeck.drain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Leases in memory with expiry by a clock: the embedded default for one console process (two
 * drain services of one process exclude each other), and the model the Redis lease follows.
 */
public final class InProcessLease implements Lease {
    private final Clock clock;
    private final Map<String, Held> held = new HashMap<>();

    private record Held(String owner, Instant since, Instant expires) {}

    public InProcessLease(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Grant acquire(String agent, String owner, Duration ttl) {
        Held h = live(agent);
        if (h != null && !h.owner().equals(owner)) {
            return Grant.refusedBy(h.owner());
        }
        Instant since = h == null ? clock.instant() : h.since();
        held.put(agent, new Held(owner, since, clock.instant().plus(ttl)));
        return Grant.to(owner);
    }

    @Override
    public synchronized Renewal renew(String agent, String owner, Duration ttl) {
        Held h = live(agent);
        if (h == null || !h.owner().equals(owner)) {
            return Renewal.LOST;
        }
        held.put(agent, new Held(owner, h.since(), clock.instant().plus(ttl)));
        return Renewal.HELD;
    }

    @Override
    public synchronized void release(String agent, String owner) {
        Held h = held.get(agent);
        if (h != null && h.owner().equals(owner)) {
            held.remove(agent);
        }
    }

    @Override
    public synchronized Optional<Holder> holding(String agent) {
        return Optional.ofNullable(live(agent)).map(h -> new Holder(h.owner(), h.since()));
    }

    private Held live(String agent) {
        Held h = held.get(agent);
        if (h != null && !clock.instant().isBefore(h.expires())) {
            held.remove(agent);
            return null;
        }
        return h;
    }

    @Override
    public String describe() {
        return "in-process leases";
    }
}
