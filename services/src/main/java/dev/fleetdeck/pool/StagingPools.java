package dev.fleetdeck.pool;

import dev.fleetdeck.cache.CacheCounter;
import dev.fleetdeck.cache.CacheCounts;
import dev.fleetdeck.cache.CacheMetrics;
import dev.fleetdeck.config.WorkspaceType;
import dev.fleetdeck.fleet.AgentEngine;
import dev.fleetdeck.fleet.AgentMonitor;
import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.AgentState;
import dev.fleetdeck.fleet.ContainerState;
import dev.fleetdeck.fleet.FleetMonitor;
import dev.fleetdeck.launch.StagedSessions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The staged sessions of every pool, and who claimed which. A claim removes the session under one
 * lock, so no two launches get the same one. Only sessions this console staged are handed out: a
 * staged container left by an earlier run may already belong to someone, and its labels cannot
 * tell (Docker cannot relabel a container), so it is never offered again.
 *
 * <p>The pool hit rate is a cache hit rate: a launch of a pooled type served from the pool is a
 * hit, a cold launch of a pooled type a miss. Launches of types without a pool are not counted.
 */
public final class StagingPools implements StagedSessions, CacheMetrics {
    private volatile List<StagingPool> pools;
    private final FleetMonitor fleet;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Consumer<String> problems;
    private final List<StagedSession> available = new ArrayList<>();
    private final SessionClaims claims;
    private final CacheCounter counter = new CacheCounter();
    private final List<Consumer<StagedSession>> claimListeners = new CopyOnWriteArrayList<>();

    public StagingPools(List<StagingPool> pools, SessionClaims claims, FleetMonitor fleet, Clock clock,
                        LongSupplier nanoTime, Consumer<String> problems) {
        this.pools = List.copyOf(pools);
        this.claims = claims;
        this.fleet = fleet;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.problems = problems;
    }

    public List<StagingPool> pools() {
        return pools;
    }

    /**
     * Adds a pool, or replaces the one of the same type and zone (its staged sessions stay and
     * count toward the new size; an over-full pool shrinks as sessions are claimed or expire).
     */
    public synchronized StagingPool define(StagingPool pool) {
        List<StagingPool> next = new java.util.ArrayList<>(pools);
        next.removeIf(p -> p.workspaceType().equals(pool.workspaceType()) && java.util.Objects.equals(p.zone(), pool.zone()));
        next.add(pool);
        available.replaceAll(s -> sameKey(s.pool(), pool)
                ? new StagedSession(pool, s.agent(), s.containerId(), s.sessionId(), s.stagedAt()) : s);
        pools = List.copyOf(next);
        return pool;
    }

    private static boolean sameKey(StagingPool a, StagingPool b) {
        return a.workspaceType().equals(b.workspaceType()) && java.util.Objects.equals(a.zone(), b.zone());
    }

    @Override
    public String name() {
        return "staging pool";
    }

    @Override
    public CacheCounts counts() {
        return counter.snapshot();
    }

    /** Told of each claimed session, so the keeper can refill at once instead of at its next tick. */
    public void addClaimListener(Consumer<StagedSession> listener) {
        claimListeners.add(listener);
    }

    public synchronized List<StagedSession> available(StagingPool pool) {
        return available.stream().filter(s -> sameKey(s.pool(), pool)).toList();
    }

    public synchronized List<StagedSession> available() {
        return List.copyOf(available);
    }

    /**
     * Every pool's ready count against its size, in the order pools were defined. Cheap (no engine
     * call, one short lock), so a view's background refresh can take it with each fleet snapshot.
     */
    public synchronized List<PoolStatus> status() {
        List<PoolStatus> out = new ArrayList<>(pools.size());
        for (StagingPool p : pools) {
            int ready = 0;
            for (StagedSession s : available) {
                if (sameKey(s.pool(), p)) {
                    ready++;
                }
            }
            out.add(new PoolStatus(p.workspaceType(), p.zone(), ready, p.size()));
        }
        return out;
    }

    synchronized void add(StagedSession session) {
        available.add(session);
    }

    /** Takes out the sessions that are too old or sit on an agent that takes no new sessions. */
    synchronized List<StagedSession> takeStale() {
        Instant now = clock.instant();
        List<StagedSession> stale = new ArrayList<>();
        available.removeIf(s -> {
            boolean bad = s.olderThan(s.pool().maxAge(), now) || cordoned(s.agent());
            if (bad) {
                stale.add(s);
            }
            return bad;
        });
        return stale;
    }

    synchronized List<StagedSession> takeAll() {
        List<StagedSession> all = List.copyOf(available);
        available.clear();
        return all;
    }

    @Override
    public Optional<Claim> claim(WorkspaceType ws, String zone, String user) {
        long t0 = nanoTime.getAsLong();
        if (pools.stream().noneMatch(p -> p.workspaceType().equals(ws.name()))) {
            return Optional.empty();
        }
        StagedSession taken;
        while ((taken = take(ws.name(), zone)) != null) {
            // A staged session can die while it waits; the user must get one that runs.
            if (stillReady(taken)) {
                claims.claimed(taken.sessionId(), user);
                counter.hit(nanoTime.getAsLong() - t0);
                for (Consumer<StagedSession> l : claimListeners) {
                    l.accept(taken);
                }
                return Optional.of(new Claim(taken.agent(), taken.containerId(), taken.sessionId()));
            }
            remove(taken);
        }
        counter.miss(nanoTime.getAsLong() - t0);
        return Optional.empty();
    }

    /** Removes a staged session's container; a failure is told, not thrown (fleetdeck sessions lists it). */
    void remove(StagedSession s) {
        AgentMonitor m = fleet.agent(s.agent());
        if (m == null) {
            return;
        }
        try {
            m.engine().remove(s.containerId(), true);
        } catch (AgentEngine.EngineException e) {
            problems.accept("could not remove the staged session " + s.sessionId() + " on " + s.agent() + ": "
                    + e.getMessage());
        }
    }

    private synchronized StagedSession take(String type, String zone) {
        Instant now = clock.instant();
        for (StagedSession s : available) {
            if (s.pool().workspaceType().equals(type) && inZone(s, zone) && accepts(s.agent())
                    && !s.olderThan(s.pool().maxAge(), now)) {
                available.remove(s);
                return s;
            }
        }
        return null;
    }

    private boolean inZone(StagedSession s, String zone) {
        if (zone == null) {
            return true;
        }
        AgentMonitor m = fleet.agent(s.agent());
        return m != null && zone.equals(m.last().zone());
    }

    private boolean accepts(String agent) {
        AgentMonitor m = fleet.agent(agent);
        if (m == null) {
            return false;
        }
        AgentSnapshot a = m.last();
        return a.online() && a.state().acceptsSessions();
    }

    /** Cordoned, draining or disabled: its staged sessions go, so a drain is not held up by them. */
    private boolean cordoned(String agent) {
        AgentMonitor m = fleet.agent(agent);
        if (m == null) {
            return true;
        }
        AgentState st = m.last().state();
        return st == AgentState.CORDONED || st == AgentState.DRAINING || st == AgentState.DRAINED || st == AgentState.DISABLED;
    }

    private boolean stillReady(StagedSession s) {
        try {
            ContainerState st = fleet.agent(s.agent()).engine().uncached().inspect(s.containerId());
            return st.running() && (st.health() == null || "healthy".equals(st.health()));
        } catch (AgentEngine.EngineException e) {
            return false;
        }
    }
}
