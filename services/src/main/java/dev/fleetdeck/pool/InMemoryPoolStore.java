package dev.fleetdeck.pool;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool store of one process: the simulated demo fleet (its containers exist in this process
 * only) and unit tests. Every real fleet uses a shared one.
 */
public final class InMemoryPoolStore implements PoolStore {
    private final Map<String, PoolEntry> ready = new LinkedHashMap<>();
    private final Map<String, PoolClaim> claims = new HashMap<>();
    private final Map<LocalDate, Map<String, Integer>> daily = new HashMap<>();

    @Override
    public synchronized List<PoolEntry> ready() {
        return List.copyOf(ready.values());
    }

    @Override
    public synchronized void add(PoolEntry entry) {
        ready.put(entry.sessionId(), entry);
    }

    @Override
    public synchronized Optional<PoolEntry> claim(List<PoolEntry> candidates, String user, Instant at) {
        for (PoolEntry c : candidates) {
            PoolEntry e = ready.remove(c.sessionId());
            if (e != null) {
                claims.put(e.sessionId(), new PoolClaim(user, at, e));
                daily.computeIfAbsent(LocalDate.ofInstant(at, ZoneOffset.UTC), d -> new HashMap<>())
                        .merge(e.key(), 1, Integer::sum);
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean withdraw(String sessionId) {
        return ready.remove(sessionId) != null;
    }

    @Override
    public synchronized Map<String, PoolClaim> claims() {
        return Map.copyOf(claims);
    }

    @Override
    public synchronized void forget(String sessionId) {
        claims.remove(sessionId);
    }

    @Override
    public synchronized Map<String, Integer> claimedOn(LocalDate day) {
        return Map.copyOf(daily.getOrDefault(day, Map.of()));
    }

    @Override
    public String describe() {
        return "this process's memory";
    }
}
