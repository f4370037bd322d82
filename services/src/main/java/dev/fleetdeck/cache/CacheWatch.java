package dev.fleetdeck.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Samples every cache into the {@link CacheHistory} at a fixed interval, whether or not a view
 * is open, and hands each report to its listeners. Give it a scheduler of its own: reading a
 * Redis that does not answer waits for the connection timeout.
 */
public final class CacheWatch implements AutoCloseable {
    private final CacheRegistry registry;
    private final CacheHistory history;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final List<Consumer<CacheReport>> listeners = new CopyOnWriteArrayList<>();
    private volatile CacheReport latest;
    private ScheduledFuture<?> ticking;

    public CacheWatch(
            CacheRegistry registry, CacheHistory history, Duration interval, ScheduledExecutorService scheduler) {
        this.registry = registry;
        this.history = history;
        this.interval = interval;
        this.scheduler = scheduler;
    }

    public CacheRegistry registry() {
        return registry;
    }

    public CacheHistory history() {
        return history;
    }

    public Duration interval() {
        return interval;
    }

    /** The last report, or {@code null} before the first sample. */
    public CacheReport latest() {
        return latest;
    }

    public void addListener(Consumer<CacheReport> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<CacheReport> listener) {
        listeners.remove(listener);
    }

    public synchronized void start() {
        if (ticking == null) {
            ticking = scheduler.scheduleWithFixedDelay(
                    this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Reads every cache once, records it, tells the listeners. */
    public synchronized CacheReport sample() {
        CacheReport report = registry.read();
        history.record(report);
        latest = report;
        for (Consumer<CacheReport> l : listeners) {
            try {
                l.accept(report);
            } catch (RuntimeException e) {
                System.getLogger(CacheWatch.class.getName())
                        .log(System.Logger.Level.WARNING, "cache listener failed", e);
            }
        }
        return report;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep sampling.
            System.getLogger(CacheWatch.class.getName()).log(System.Logger.Level.WARNING, "cache sampling failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }
}
