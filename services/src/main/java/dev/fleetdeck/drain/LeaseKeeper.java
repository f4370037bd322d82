package dev.fleetdeck.drain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps one drain's lease for as long as the drain runs, on a schedule of its own: a step that
 * waits minutes for stops or a maintenance hook that runs for half an hour never lets the lease
 * expire, so no other console takes over a live drain. Only a console that stopped renewing
 * (killed, frozen, cut off from the lease store for a whole TTL) loses it.
 */
final class LeaseKeeper implements AutoCloseable {
    private final Lease lease;
    private final String agent;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;
    private final Consumer<String> onLost;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile Instant lastHeld;
    private volatile boolean closed;
    private ScheduledFuture<?> schedule;

    /** @param onLost told once, with why, when the lease is gone: the drain must stop acting */
    LeaseKeeper(Lease lease, String agent, String owner, Duration ttl, Clock clock, Consumer<String> onLost) {
        this.lease = lease;
        this.agent = agent;
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
        this.onLost = onLost;
        this.lastHeld = clock.instant();
    }

    /** Renews every {@code every} on {@code workers}, woken by {@code scheduler}: a slow store holds no tick. */
    synchronized void start(ScheduledExecutorService scheduler, Executor workers, Duration every) {
        if (closed) {
            return;
        }
        long ms = Math.max(1, every.toMillis());
        schedule = scheduler.scheduleWithFixedDelay(
                () -> {
                    if (!closed && renewing.compareAndSet(false, true)) {
                        try {
                            workers.execute(() -> {
                                try {
                                    renew();
                                } finally {
                                    renewing.set(false);
                                }
                            });
                        } catch (RuntimeException rejected) {
                            renewing.set(false); // the console is closing
                        }
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
    }

    /** Renews when a third of the TTL passed since the last renewal (by the drain's clock). */
    boolean renewIfDue() {
        if (Duration.between(lastHeld, clock.instant()).compareTo(ttl.dividedBy(3)) >= 0) {
            renew();
        }
        return held();
    }

    /** Whether this console may still act on the drain. */
    boolean held() {
        return !lost.get();
    }

    void renew() {
        if (closed || lost.get()) {
            return;
        }
        Instant now = clock.instant();
        switch (lease.renew(agent, owner, ttl)) {
            case HELD -> lastHeld = now;
            case LOST -> lose("lease lost (now held by " + lease.holder(agent).orElse("nobody") + ")");
            case UNREACHABLE -> {
                // A failover takes seconds: keep going while our last renewal still covers us.
                if (Duration.between(lastHeld, now).compareTo(ttl) >= 0) {
                    lose("lease not renewed for " + ttl.toSeconds() + " s (" + lease.describe() + " unreachable)");
                }
            }
        }
    }

    private void lose(String why) {
        if (lost.compareAndSet(false, true)) {
            close();
            onLost.accept(why);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
