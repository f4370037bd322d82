package dev.fleetdeck.launch;

import dev.fleetdeck.fleet.AdminEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The reservations as one immutable value and the rules that change them, for the stores that
 * keep the whole set in one document (a locked file, this process's memory). Redis runs the same
 * rules in a Lua script ({@code RedisSharedState}).
 */
public record ReservationBook(Map<String, Reservation> reservations) {
    public static final ReservationBook EMPTY = new ReservationBook(Map.of());

    public ReservationBook {
        reservations = reservations == null ? Map.of() : Map.copyOf(reservations);
    }

    public record Change(ReservationBook book, CapacityLedger.Grant grant) {}

    /** Those not expired at {@code now} and whose owner is alive. */
    public Map<String, Reservation> live(long now, Predicate<String> ownerAlive) {
        Map<String, Reservation> live = new LinkedHashMap<>();
        reservations.forEach((id, r) -> {
            if (r.expiresAtMillis() > now && ownerAlive.test(r.owner())) {
                live.put(id, r);
            }
        });
        return live;
    }

    /**
     * Refused when {@code admin} says the agent is out of placement, or when the reservations
     * held on it (those not yet counted by the request's snapshot) plus the new one exceed its
     * capacity; otherwise held until {@code now + ttl}. Expired and dead owners' reservations go.
     */
    public Change reserve(ReservationRequest q, AdminEntry admin, long now, Predicate<String> ownerAlive) {
        Map<String, Reservation> live = live(now, ownerAlive);
        ReservationBook pruned = live.size() == reservations.size() ? this : new ReservationBook(live);
        if (admin != null) {
            return new Change(pruned, new CapacityLedger.Grant(null, admin, 0, 0));
        }
        double cpus = 0;
        long mem = 0;
        for (Reservation r : live.values()) {
            if (r.agent().equals(q.agent()) && !q.counted().contains(r.sessionId())) {
                cpus += r.cores();
                mem += r.memoryBytes();
            }
        }
        if (q.allocatedCpus() + cpus + q.cores() > q.capacityCpus() + 1e-9
                || q.allocatedMemBytes() + mem + q.memoryBytes() > q.capacityMemBytes()) {
            return new Change(pruned, new CapacityLedger.Grant(null, null, cpus, mem));
        }
        Reservation r = new Reservation(
                q.id(), q.agent(), q.sessionId(), q.cores(), q.memoryBytes(), q.owner(), now + q.ttlMillis());
        live.put(r.id(), r);
        return new Change(new ReservationBook(live), new CapacityLedger.Grant(r, null, cpus, mem));
    }

    public ReservationBook placed(String id, long expiresAtMillis) {
        Reservation r = reservations.get(id);
        if (r == null) {
            return this;
        }
        Map<String, Reservation> next = new LinkedHashMap<>(reservations);
        next.put(
                id,
                new Reservation(
                        r.id(), r.agent(), r.sessionId(), r.cores(), r.memoryBytes(), r.owner(), expiresAtMillis));
        return new ReservationBook(next);
    }

    public ReservationBook without(String id) {
        if (!reservations.containsKey(id)) {
            return this;
        }
        Map<String, Reservation> next = new LinkedHashMap<>(reservations);
        next.remove(id);
        return new ReservationBook(next);
    }
}
