package dev.fleetdeck.history;

import dev.fleetdeck.fleet.AgentSnapshot;
import dev.fleetdeck.fleet.FleetSnapshot;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands each refresh's new readings to the {@link LocalHistoryStore}, off the refresh's thread:
 * a write that waits for another process's lock never holds up the fleet's tick. One write is
 * out at a time; snapshots arriving meanwhile are merged into the next one, so nothing seen is
 * dropped and a slow disk only makes writes bigger, not more numerous.
 */
public final class HistoryRecorder implements Consumer<FleetSnapshot> {
    private final LocalHistoryStore store;
    private final Executor writer;
    private final Consumer<String> problems;
    private final Map<String, Instant> written = new ConcurrentHashMap<>();
    private final AtomicReference<List<HostSample>> pending = new AtomicReference<>(new ArrayList<>());
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();

    public HistoryRecorder(LocalHistoryStore store, Executor writer, Consumer<String> problems) {
        this.store = store;
        this.writer = writer;
        this.problems = problems;
    }

    @Override
    public void accept(FleetSnapshot fleet) {
        List<HostSample> fresh = new ArrayList<>();
        for (AgentSnapshot a : fleet.agents()) {
            // Only a refresh that answered adds a reading; a tick repeats the last one until the next.
            if (a.online()
                    && a.lastRefresh() != null
                    && !a.lastRefresh().equals(written.put(a.name(), a.lastRefresh()))) {
                fresh.add(HostSample.of(a));
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        pending.accumulateAndGet(fresh, (a, b) -> {
            List<HostSample> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        });
        if (writing.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
    }

    private void drain() {
        try {
            List<HostSample> batch = pending.getAndSet(new ArrayList<>());
            if (!batch.isEmpty()) {
                store.record(batch);
                if (failing.compareAndSet(true, false)) {
                    problems.accept("history: writing to " + where() + " works again");
                }
            }
        } catch (SQLException e) {
            // Told once per outage, not at every refresh; the live figures go on regardless.
            if (failing.compareAndSet(false, true)) {
                problems.accept("history: cannot write to " + where() + " (" + e.getMessage()
                        + "); this refresh's readings are not kept");
            }
        } finally {
            writing.set(false);
            if (!pending.get().isEmpty() && writing.compareAndSet(false, true)) {
                writer.execute(this::drain);
            }
        }
    }

    private String where() {
        return store.file() == null ? "the in-memory history" : store.file().toString();
    }
}
