package dev.fleetdeck.pool;

import dev.fleetdeck.drain.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One keeper of the fleet's staging pools at a time: the drain lease named {@value #NAME}, held by
 * whichever console or {@code fleetdeck keeper} took it first, renewed on its own thread (a refill
 * that waits for readiness must not let it lapse). Everyone else asks for it on the same schedule,
 * so when the keeper dies another takes over within one lease period: the stored lease lives 80 %
 * of the period and is renewed or asked for every fifth of it.
 */
public final class KeeperLease implements AutoCloseable {
    public static final String NAME = "keeper";
    private final Lease lease;
    private final String owner;
    private final Duration period;
    private final ScheduledExecutorService executor;
    private final Consumer<String> actions;
    private final Runnable onGained;
    private volatile boolean held;
    private final CountDownLatch asked = new CountDownLatch(1);
    private ScheduledFuture<?> schedule;

    /**
     * @param owner    this process, as other processes are told ("keeper alice@ops-3 pid 4121")
     * @param actions  told when this process takes or loses the lease
     * @param onGained run (on the lease's thread) when this process becomes the keeper
     */
    public KeeperLease(
            Lease lease,
            String owner,
            Duration period,
            ScheduledExecutorService executor,
            Consumer<String> actions,
            Runnable onGained) {
        this.lease = lease;
        this.owner = owner;
        this.period = period;
        this.executor = executor;
        this.actions = actions;
        this.onGained = onGained;
    }

    public synchronized void start() {
        if (schedule == null) {
            long every = Math.max(50, period.toMillis() / 5);
            schedule = executor.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    private Duration ttl() {
        return period.multipliedBy(4).dividedBy(5);
    }

    synchronized void tick() {
        if (schedule == null) {
            return; // closed while this tick waited
        }
        try {
            if (held) {
                // Unreachable (Redis failing over) is not lost: the next tick asks again.
                if (lease.renew(NAME, owner, ttl()) == Lease.Renewal.LOST) {
                    held = false;
                    actions.accept("lost the keeper lease (" + lease.describe() + "); no longer keeping the pools");
                }
                return;
            }
            Lease.Grant g = lease.acquire(NAME, owner, ttl());
            if (g.granted()) {
                held = true;
                actions.accept("keeping the staging pools (lease '" + NAME + "' in " + lease.describe() + ")");
                onGained.run();
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: tell it and keep asking.
            actions.accept("keeper lease: " + e);
        } finally {
            asked.countDown();
        }
    }

    /** Waits until the lease was asked for once after {@link #start}; then {@link #held} says who won. */
    public boolean awaitFirstAsk(Duration limit) throws InterruptedException {
        return asked.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this process keeps the pools now. */
    public boolean held() {
        return held;
    }

    /** Who keeps the pools: this process, another one, or nobody. */
    public Optional<String> holder() {
        return held ? Optional.of(owner) : lease.holder(NAME);
    }

    public String owner() {
        return owner;
    }

    /** Stops asking and gives the lease up, so the next keeper need not wait for it to expire. */
    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
        if (held) {
            held = false;
            lease.release(NAME, owner);
        }
    }
}
