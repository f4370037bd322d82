package dev.fleetdeck.fleet;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This process's view of the fleet's administrative states, kept in an {@link AdminStore} that
 * every console and command shares. Read before the first placement (on construction), and
 * again whenever the store's change mark moves — checked on every refresh of every agent and
 * before every placement, so another process's cordon is honoured before the next placement and
 * shown within one refresh.
 */
public class AdminStates {
    /** At most this often the store's mark is looked at (a stat, or nothing with Redis). */
    private static final long SYNC_NANOS = 100_000_000L;
    /** With a mark that may miss changes (a pub/sub message lost), the states are reloaded this often anyway. */
    private static final long RELOAD_NANOS = 2_000_000_000L;

    private final AdminStore store;
    private final Clock clock;
    private final Consumer<String> problems;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, AdminEntry> states = Map.of();
    private long mark = Long.MIN_VALUE;
    private long lastSync = Long.MIN_VALUE / 2;
    private long lastLoad = Long.MIN_VALUE / 2;
    private String lastProblem;

    /** States of this process only (tests, benchmarks). */
    public AdminStates() {
        this(AdminStore.inMemory(), Clock.systemUTC(), p -> {});
    }

    public AdminStates(AdminStore store, Clock clock, Consumer<String> problems) {
        this.store = store;
        this.clock = clock;
        this.problems = problems;
        sync(true);
        store.onChange(this::reload);
    }

    /** The administrative state of an agent: ENABLED unless cordoned, draining, drained or disabled. */
    public AgentState of(String agent, boolean enabledInConfig) {
        sync(false);
        AdminEntry e = states.get(agent);
        if (e != null) {
            return e.state();
        }
        return enabledInConfig ? AgentState.ENABLED : AgentState.DISABLED;
    }

    /** Who set the agent's state, why and since when; empty when enabled. */
    public Optional<AdminEntry> entry(String agent) {
        sync(false);
        return Optional.ofNullable(states.get(agent));
    }

    /** Every agent that is not enabled, as last read. */
    public Map<String, AdminEntry> all() {
        sync(false);
        return states;
    }

    /** Told after the states changed, here or in another process (from the thread that noticed). */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Reads the store now, e.g. before a placement or when a notification arrived. */
    public void reload() {
        sync(true);
    }

    /** An operator's (or a drain's) decision, stored for every process before it is applied here. */
    public void set(String agent, AgentState state, String by, String reason) throws IOException {
        if (state == AgentState.ENABLED) {
            store.removeAdmin(agent);
        } else if (AdminEntry.settable(state)) {
            store.putAdmin(new AdminEntry(agent, state, by, reason, clock.instant()));
        } else {
            throw new IllegalArgumentException("an operator sets ENABLED, CORDONED, DRAINING or DRAINED, not " + state);
        }
        sync(true);
    }

    /** Like {@link #set} for callers that cannot stop on a failure (a drain's step); the failure is told. */
    public void setQuietly(String agent, AgentState state, String by, String reason) {
        try {
            set(agent, state, by, reason);
        } catch (IOException | RuntimeException e) {
            problems.accept("cannot store " + agent + " as " + state.label().toLowerCase(Locale.ROOT) + " in "
                    + store.describe() + ": " + e.getMessage());
        }
    }

    public String describe() {
        return store.describe();
    }

    private void sync(boolean force) {
        Map<String, AdminEntry> before;
        synchronized (this) {
            long now = System.nanoTime();
            if (!force && now - lastSync < SYNC_NANOS) {
                return;
            }
            lastSync = now;
            long m = store.changeMark();
            if (!force && m == mark && now - lastLoad < RELOAD_NANOS) {
                return;
            }
            before = states;
            try {
                states = Map.copyOf(store.loadAdmin());
                mark = m;
                lastLoad = now;
                lastProblem = null;
            } catch (IOException | RuntimeException e) {
                // Keep the last known states: an agent cordoned a moment ago stays cordoned here.
                String p = "cannot read the agents' admin states from " + store.describe() + ": " + e.getMessage();
                if (!p.equals(lastProblem)) {
                    lastProblem = p;
                    problems.accept(p);
                }
                return;
            }
        }
        if (!before.equals(states)) {
            listeners.forEach(Runnable::run);
        }
    }
}
