package dev.fleetdeck.pool;

import dev.fleetdeck.launch.LaunchRequest;
import dev.fleetdeck.launch.Launcher;
import dev.fleetdeck.launch.QuotaExceededException;
import dev.fleetdeck.startup.StartupRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Keeps the fleet's staging pools at their sizes: removes staged sessions that are too old, sit
 * on an agent that takes no new sessions (cordoned, draining, disabled, offline), are no longer
 * healthy, or are more than their pool keeps (a pool set to 0 loses them all); then launches what
 * is missing through the normal launcher, so placement's capacity, cordons, drains and image
 * presence apply to staged sessions as to any. Only the keeper lease's holder does this.
 */
public final class PoolKeeper implements AutoCloseable {
    /** How soon a round the fleet's first reading had not come for is asked again. */
    private static final Duration FLEET_READ_POLL = Duration.ofMillis(500);

    private final StagingPools pools;
    private final Launcher launcher;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Consumer<String> problems;
    private final Consumer<String> actions;
    private final Executor stagers;
    private volatile BooleanSupplier keeping = () -> true;
    /** Staged sessions whose store entry's add got no answer, not yet known to be anyone's. */
    private final Set<StagedSession> unsettled = ConcurrentHashMap.newKeySet();

    private ScheduledFuture<?> schedule;
    // Read without the lock: a claim's listener must not wait for a round that is staging.
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param actions told one line per staged or removed session (the keeper command prints them)
     * @param stagers runs a round's stagings side by side (placement holds capacity per launch, so
     *                they never overfill an agent); a pool of five fills in one staging's time
     */
    public PoolKeeper(
            StagingPools pools,
            Launcher launcher,
            ScheduledExecutorService executor,
            Clock clock,
            Consumer<String> problems,
            Consumer<String> actions,
            Executor stagers) {
        this.pools = pools;
        this.stagers = stagers;
        this.launcher = launcher;
        this.executor = executor;
        this.clock = clock;
        this.problems = problems;
        this.actions = actions;
    }

    public PoolKeeper(
            StagingPools pools,
            Launcher launcher,
            ScheduledExecutorService executor,
            Clock clock,
            Consumer<String> problems) {
        this(pools, launcher, executor, clock, problems, line -> {}, Runnable::run);
    }

    /** Rounds do nothing while {@code keeping} says no (another process holds the keeper lease). */
    public void onlyWhile(BooleanSupplier keeping) {
        this.keeping = keeping;
    }

    /** A round every {@code interval}, the first after {@code first}; also soon after each claim of this process. */
    public synchronized void start(Duration first, Duration interval) {
        if (schedule != null) {
            return;
        }
        schedule = executor.scheduleWithFixedDelay(
                this::refillQuietly, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        started = true;
        pools.addClaimListener(claimed -> refillSoon());
    }

    public void start(Duration interval) {
        // A few seconds first: placement needs the fleet monitor's first readings of the agents.
        start(Duration.ofSeconds(5), interval);
    }

    /** A round as soon as the keeper's thread is free (this process just became the keeper, or claimed). */
    public void refillSoon() {
        if (!started) {
            return; // not keeping (a one-shot pool fill runs its own round)
        }
        try {
            executor.execute(this::refillQuietly);
        } catch (RuntimeException e) {
            // shut down: the console is closing
        }
    }

    /**
     * One round: remove what must go, then fill every pool to its size, the missing sessions staged
     * side by side. Returns the sessions staged in this round. A pool that cannot be filled (no
     * capacity, no image) is told per failed staging and left short until the next round, rather
     * than retried in a loop.
     */
    public List<StagedSession> refill() throws InterruptedException {
        return refill(p -> true);
    }

    /** One round that fills only the pools {@code which} accepts; removal applies to every pool. */
    public synchronized List<StagedSession> refill(Predicate<StagingPool> which) throws InterruptedException {
        if (closed || !keeping.getAsBoolean()) {
            return List.of();
        }
        if (!pools.fleetRead()) {
            // Before the fleet monitor's first reading every agent looks offline: the staged sessions
            // would go uncounted and a replacement of each be staged, or refused and told one by one
            // (a console started on the demo fleet printed 50 such lines). Asked again shortly
            // rather than at the next round, so a window's pools fill as soon as its fleet is read.
            if (started) {
                try {
                    executor.schedule(this::refillQuietly, FLEET_READ_POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RuntimeException e) {
                    // shut down: the console is closing
                }
            }
            return List.of();
        }
        for (StagedSession s : List.copyOf(unsettled)) {
            unsettled.remove(s);
            settle(s);
        }
        List<StagedSession> ready;
        try {
            ready = new ArrayList<>(pools.ready());
        } catch (IOException e) {
            // Not knowing what is staged, staging more could overfill the pools: wait for the store.
            problems.accept(e.getMessage());
            return List.of();
        }
        ready.sort(Comparator.comparing(StagedSession::stagedAt));
        Instant now = clock.instant();
        Map<String, Integer> kept = new HashMap<>();
        List<StagedSession> left = new ArrayList<>();
        for (StagedSession s : ready) {
            if (pools.offline(s.agent())) {
                // Not handed out and not counted, so a replacement is staged elsewhere; the excess
                // is trimmed when the agent is back. Removing it now would fail and lose track of it.
                continue;
            }
            String why = reasonToRemove(s, kept, now);
            if (why == null) {
                left.add(s);
                continue;
            }
            try {
                if (pools.withdrawAndRemove(s)) {
                    actions.accept("removed staged " + s.sessionId() + " ("
                            + s.pool().label() + ") on " + s.agent() + ": " + why);
                }
            } catch (IOException e) {
                problems.accept(e.getMessage());
                return List.of();
            }
        }
        List<CompletableFuture<StagedSession>> stagings = new ArrayList<>();
        for (StagingPool pool : pools.pools()) {
            if (!which.test(pool)) {
                continue;
            }
            int have = (int) left.stream().filter(s -> s.pool().equals(pool)).count();
            for (int i = have; i < pool.size(); i++) {
                stagings.add(CompletableFuture.supplyAsync(() -> stageIfKeeping(pool), stagers));
            }
        }
        List<StagedSession> staged = new ArrayList<>();
        for (CompletableFuture<StagedSession> f : stagings) {
            try {
                StagedSession s = f.get();
                if (s != null) {
                    staged.add(s);
                }
            } catch (ExecutionException e) {
                problems.accept("staging failed: " + e.getCause());
            }
        }
        return staged;
    }

    private StagedSession stageIfKeeping(StagingPool pool) {
        if (!keeping.getAsBoolean() || closed) {
            return null;
        }
        try {
            return stage(pool);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Why a staged session goes, or null when it stays (counted into {@code kept} per pool). */
    private String reasonToRemove(StagedSession s, Map<String, Integer> kept, Instant now) {
        StagingPool p = s.pool();
        if (p.size() == 0) {
            return "its pool has size 0";
        }
        if (s.olderThan(p.maxAge(), now)) {
            return "older than " + p.maxAge().toMinutes() + " min";
        }
        if (!pools.accepts(s.agent())) {
            return "the agent takes no new sessions";
        }
        String unhealthy = pools.unhealthy(s);
        if (unhealthy != null) {
            return unhealthy;
        }
        int n = kept.merge(PoolEntry.key(p.workspaceType(), p.zone()), 1, Integer::sum);
        if (n > p.size()) {
            return "more than the pool's " + p.size();
        }
        return null;
    }

    private StagedSession stage(StagingPool pool) throws InterruptedException {
        StartupRecord r;
        long t0 = System.nanoTime();
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
        StagedSession s = new StagedSession(pool, r.agent(), r.containerId(), r.sessionId(), clock.instant());
        try {
            pools.add(s);
        } catch (IOException e) {
            // The add may have reached the store although its answer did not (a Redis timeout under
            // load, a failover), and a launch may have claimed the session since: the soak saw one
            // claimed at 05:31:58 whose container the keeper removed at 05:32:00, when its add
            // timed out. So it is removed only once the store says nobody has it.
            problems.accept(e.getMessage());
            settle(s);
            return null;
        }
        actions.accept("staged " + s.sessionId() + " (" + pool.label() + ") on " + s.agent() + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return s;
    }

    /**
     * Decides a staged session whose add got no answer: withdrawn and removed when it is in the
     * store unclaimed; kept when a launch claimed it (it is that user's now); removed when the store
     * never got it (nobody can claim it). Asked again next round while the store cannot tell.
     */
    private void settle(StagedSession s) {
        try {
            if (pools.withdrawAndRemove(s)) {
                actions.accept("removed staged " + s.sessionId() + " ("
                        + s.pool().label() + ") on " + s.agent() + ": its store entry's answer was lost");
            } else if (pools.claimed(s.sessionId())) {
                actions.accept("kept " + s.sessionId() + " on " + s.agent()
                        + ": a launch claimed it although its store entry's answer was lost");
            } else {
                pools.remove(s);
            }
        } catch (IOException e) {
            unsettled.add(s);
        }
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

    /** Stops refilling; the staged sessions stay in the store for the next keeper and every launch. */
    @Override
    public void close() {
        // Before the lock: a round under way sees it between two stagings and stops.
        closed = true;
        started = false;
        synchronized (this) {
            if (schedule != null) {
                schedule.cancel(false);
                schedule = null;
            }
        }
    }

    /** Removes every staged session nobody claimed (tests, and turning every pool off at once). */
    public synchronized int drainPools() {
        int n = 0;
        for (StagedSession s : pools.available()) {
            try {
                if (pools.withdrawAndRemove(s)) {
                    n++;
                }
            } catch (IOException e) {
                problems.accept(e.getMessage());
            }
        }
        return n;
    }
}
