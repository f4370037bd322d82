package dev.fleetdeck.pool;

import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.QuotaExceededException;
import dev.fleetdeck.startup.StartupRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps every staging pool topped up: removes staged sessions past their pool's maximum age (or
 * on an agent that was cordoned), then launches what is missing through the normal launcher, so
 * placement's capacity, cordons, drains and image presence apply to staged sessions as to any.
 */
public final class PoolKeeper implements AutoCloseable {
    private final StagingPools pools;
    private final Launcher launcher;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Consumer<String> problems;
    private ScheduledFuture<?> schedule;
    private boolean closed;

    public PoolKeeper(StagingPools pools, Launcher launcher, ScheduledExecutorService executor, Clock clock,
                      Consumer<String> problems) {
        this.pools = pools;
        this.launcher = launcher;
        this.executor = executor;
        this.clock = clock;
        this.problems = problems;
    }

    /** Refills every {@code interval}, and soon after each claim so the next user finds one too. */
    public synchronized void start(Duration interval) {
        if (schedule != null) {
            return;
        }
        // A few seconds first: placement needs the fleet monitor's first readings of the agents.
        schedule = executor.scheduleWithFixedDelay(this::refillQuietly, 5000, interval.toMillis(), TimeUnit.MILLISECONDS);
        pools.addClaimListener(claimed -> executor.execute(this::refillQuietly));
    }

    /**
     * One round: expire, then fill every pool to its size. Returns the sessions staged in this
     * round. A pool that cannot be filled (no capacity, no image) is told once per round and left
     * short until the next one, rather than retried in a loop.
     */
    public synchronized List<StagedSession> refill() throws InterruptedException {
        if (closed) {
            // A claim's refill may still be queued when the console closes: it must not stage
            // sessions after drainPools has removed the rest, or they would outlive the console.
            return List.of();
        }
        for (StagedSession s : pools.takeStale()) {
            pools.remove(s);
        }
        List<StagedSession> staged = new ArrayList<>();
        for (StagingPool pool : pools.pools()) {
            int missing = pool.size() - pools.available(pool).size();
            for (int i = 0; i < missing; i++) {
                StagedSession s = stage(pool);
                if (s == null) {
                    break;
                }
                pools.add(s);
                staged.add(s);
            }
        }
        return staged;
    }

    private StagedSession stage(StagingPool pool) throws InterruptedException {
        StartupRecord r;
        try {
            r = launcher.launch(LaunchRequest.staging(pool.workspaceType(), pool.zone(), pool.env()), null);
        } catch (QuotaExceededException e) {
            throw new IllegalStateException("a staging launch passed a quota check", e);
        } catch (IllegalArgumentException e) {
            problems.accept("staging pool " + pool.label() + ": " + e.getMessage());
            return null;
        }
        if (!r.ready()) {
            problems.accept("staging pool " + pool.label() + " stays short: " + r.error());
            return null;
        }
        return new StagedSession(pool, r.agent(), r.containerId(), r.sessionId(), clock.instant());
    }

    private void refillQuietly() {
        try {
            refill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: tell it and keep the schedule.
            problems.accept("staging pools not refilled: " + e);
        }
    }

    /** Stops refilling; the staged sessions stay (they are ready sessions, removed by {@link #drainPools}). */
    @Override
    public synchronized void close() {
        closed = true;
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }

    /** Removes every staged session not claimed yet: on shutdown, or when the pools are turned off. */
    public synchronized int drainPools() {
        List<StagedSession> all = pools.takeAll();
        all.forEach(pools::remove);
        return all.size();
    }
}
