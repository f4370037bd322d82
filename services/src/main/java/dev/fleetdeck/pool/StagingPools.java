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
import dev.fleetdeck.fleet.Session;
import dev.fleetdeck.launch.StagedSessions;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The fleet's staging pools, as every process sees them: the pools this configuration defines and
 * the staged sessions of the shared {@link PoolStore}. A claim is one atomic step of the store, so
 * no two launches, in any processes, get the same session; a claimed one is never offered again.
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
    private final SessionClaims claims;
    private final PoolStore store;
    private final CacheCounter counter = new CacheCounter();
    private final List<Consumer<StagedSession>> claimListeners = new CopyOnWriteArrayList<>();
    private volatile Supplier<Optional<String>> keeper = Optional::empty;

    public StagingPools(
            List<StagingPool> pools,
            SessionClaims claims,
            FleetMonitor fleet,
            Clock clock,
            LongSupplier nanoTime,
            Consumer<String> problems) {
        this.pools = List.copyOf(pools);
        this.claims = claims;
        this.store = claims.store();
        this.fleet = fleet;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.problems = problems;
    }

    public List<StagingPool> pools() {
        return pools;
    }

    public PoolStore store() {
        return store;
    }

    /** Who keeps the pools now (the keeper lease's holder), for the pools tile and {@code pool status}. */
    public Optional<String> keeper() {
        return keeper.get();
    }

    public void keptBy(Supplier<Optional<String>> holder) {
        this.keeper = holder;
    }

    /** Adds a pool, or replaces the one of the same type and zone (its staged sessions count toward the new size). */
    public synchronized StagingPool define(StagingPool pool) {
        List<StagingPool> next = new ArrayList<>(pools);
        next.removeIf(p -> sameKey(p, pool));
        next.add(pool);
        pools = List.copyOf(next);
        return pool;
    }

    private static boolean sameKey(StagingPool a, StagingPool b) {
        return a.workspaceType().equals(b.workspaceType()) && Objects.equals(a.zone(), b.zone());
    }

    /** The configured pool a stored entry belongs to; a pool no longer configured has size 0. */
    StagingPool poolOf(PoolEntry e) {
        for (StagingPool p : pools) {
            if (p.workspaceType().equals(e.workspaceType()) && Objects.equals(p.zone(), e.zone())) {
                return p;
            }
        }
        return new StagingPool(e.zone(), e.workspaceType(), 0, WorkspaceType.DEFAULT_POOL_MAX_AGE);
    }

    StagedSession session(PoolEntry e) {
        return new StagedSession(poolOf(e), e.agent(), e.containerId(), e.sessionId(), e.stagedAt());
    }

    static PoolEntry entry(StagedSession s) {
        return new PoolEntry(
                s.pool().workspaceType(), s.pool().zone(), s.agent(), s.containerId(), s.sessionId(), s.stagedAt());
    }

    @Override
    public String name() {
        return "staging pool";
    }

    @Override
    public CacheCounts counts() {
        return counter.snapshot();
    }

    /** Told of each session this process claimed. */
    public void addClaimListener(Consumer<StagedSession> listener) {
        claimListeners.add(listener);
    }

    /** Every staged session waiting in the store; empty (and told) when the store cannot be read. */
    public List<StagedSession> available() {
        try {
            return store.ready().stream().map(this::session).toList();
        } catch (IOException e) {
            problems.accept(e.getMessage());
            return List.of();
        }
    }

    /** Every staged session waiting in the store; throws when the store cannot be read (the keeper then waits). */
    List<StagedSession> ready() throws IOException {
        return store.ready().stream().map(this::session).toList();
    }

    /**
     * Why a staged session cannot be handed out: its container is gone, stopped or unhealthy. From
     * the agent's last reading when it lists the session; one engine call when it does not (the
     * reading may predate the session). Null when it looks ready.
     */
    String unhealthy(StagedSession s) {
        AgentMonitor m = fleet.agent(s.agent());
        if (m == null) {
            return "its agent is no longer configured";
        }
        for (Session x : m.last().sessions()) {
            if (x.sessionId().equals(s.sessionId())) {
                if (!"running".equals(x.state())) {
                    return "its container is " + x.state();
                }
                return "unhealthy".equals(x.health()) ? "its container is unhealthy" : null;
            }
        }
        try {
            ContainerState st = m.engine().uncached().inspect(s.containerId());
            if (!st.running()) {
                return "its container is not running";
            }
            return "unhealthy".equals(st.health()) ? "its container is unhealthy" : null;
        } catch (AgentEngine.EngineException | RuntimeException e) {
            return "its container is gone (" + e.getMessage() + ")";
        }
    }

    public List<StagedSession> available(StagingPool pool) {
        return available().stream().filter(s -> sameKey(s.pool(), pool)).toList();
    }

    /**
     * Every pool's ready count against its size, today's claims and its keeper, in the order pools
     * were defined. One read of the store and of the lease, no engine call, so a view's background
     * refresh can take it with each fleet snapshot.
     */
    public List<PoolStatus> status() {
        List<PoolEntry> ready;
        Map<String, Integer> today;
        try {
            ready = store.ready();
            today = store.claimedOn(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        } catch (IOException e) {
            ready = List.of();
            today = Map.of();
        }
        List<PoolStatus> out = new ArrayList<>(pools.size());
        String keptBy = pools.isEmpty() ? null : keeper().orElse(null);
        for (StagingPool p : pools) {
            String key = PoolEntry.key(p.workspaceType(), p.zone());
            int n = (int) ready.stream().filter(e -> e.key().equals(key)).count();
            out.add(new PoolStatus(p.workspaceType(), p.zone(), n, p.size(), today.getOrDefault(key, 0), keptBy));
        }
        return out;
    }

    void add(StagedSession session) throws IOException {
        store.add(entry(session));
    }

    @Override
    public Optional<Claim> claim(WorkspaceType ws, String zone, String user) {
        long t0 = nanoTime.getAsLong();
        if (pools.stream().noneMatch(p -> p.workspaceType().equals(ws.name()) && p.size() > 0)) {
            return Optional.empty();
        }
        try {
            Instant now = clock.instant();
            List<PoolEntry> candidates = new ArrayList<>();
            for (PoolEntry e : store.ready()) {
                StagingPool p = poolOf(e);
                if (e.workspaceType().equals(ws.name())
                        && p.size() > 0
                        && inZone(e.agent(), zone)
                        && accepts(e.agent())
                        && !session(e).olderThan(p.maxAge(), now)) {
                    candidates.add(e);
                }
            }
            // Oldest first: they expire soonest.
            candidates.sort(Comparator.comparing(PoolEntry::stagedAt));
            while (!candidates.isEmpty()) {
                Optional<PoolEntry> taken = store.claim(candidates, user, now);
                if (taken.isEmpty()) {
                    break;
                }
                PoolEntry e = taken.get();
                candidates.removeIf(c -> c.sessionId().equals(e.sessionId()));
                StagedSession s = session(e);
                // A staged session can die while it waits; the user must get one that runs. The
                // launch's own fresh reading of the agent says so, without another engine call.
                if (unhealthy(s) == null) {
                    claims.claimed(new PoolClaim(user, now, e));
                    counter.hit(nanoTime.getAsLong() - t0);
                    for (Consumer<StagedSession> l : claimListeners) {
                        l.accept(s);
                    }
                    return Optional.of(new Claim(e.agent(), e.containerId(), e.sessionId()));
                }
                remove(s);
                store.forget(e.sessionId());
            }
        } catch (IOException e) {
            // No store, no claim: the launch starts cold rather than fails.
            problems.accept(e.getMessage() + " — launching cold");
        }
        counter.miss(nanoTime.getAsLong() - t0);
        return Optional.empty();
    }

    /**
     * Withdraws a ready session from the store and removes its container; false when a launch
     * claimed it first (then it is that user's and stays).
     */
    boolean withdrawAndRemove(StagedSession s) throws IOException {
        if (!store.withdraw(s.sessionId())) {
            return false;
        }
        remove(s);
        return true;
    }

    /** Whether a launch has claimed the session, as the store says. */
    boolean claimed(String sessionId) throws IOException {
        return store.claims().containsKey(sessionId);
    }

    /**
     * Removes a staged session's container; a failure is told, not thrown (fleetdeck sessions lists
     * it). A container already gone is what removing wanted: the demo fleet's containers do not
     * outlive the console, its pool store does.
     */
    void remove(StagedSession s) {
        AgentMonitor m = fleet.agent(s.agent());
        if (m == null) {
            return;
        }
        try {
            m.engine().remove(s.containerId(), true);
        } catch (AgentEngine.EngineException e) {
            if (e.containerGone()) {
                return;
            }
            problems.accept("could not remove the staged session " + s.sessionId() + " on " + s.agent() + ": "
                    + e.getMessage());
        }
    }

    private boolean inZone(String agent, String zone) {
        if (zone == null) {
            return true;
        }
        AgentMonitor m = fleet.agent(agent);
        return m != null && zone.equals(m.last().zone());
    }

    boolean offline(String agent) {
        AgentMonitor m = fleet.agent(agent);
        return m != null && !m.last().online();
    }

    /** Whether the fleet monitor has read every agent at least once, answered or not. */
    boolean fleetRead() {
        return fleet.agents().stream().noneMatch(m -> m.last().state() == AgentState.CONNECTING);
    }

    /** Online and taking sessions (not cordoned, draining, drained or disabled). */
    boolean accepts(String agent) {
        AgentMonitor m = fleet.agent(agent);
        if (m == null) {
            return false;
        }
        AgentSnapshot a = m.last();
        return a.online() && a.state().acceptsSessions();
    }
}
