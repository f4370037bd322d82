package dev.fleetdeck.progress;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The progress of one piece of long work (an image copy, a pre-pull round, a bulk launch, a
 * drain), told by the work as it goes and read by whoever shows it: the window's task list and
 * a terminal's progress line read the same figures. Thread-safe; {@link #cancel} asks the work
 * to stop, which the work honours through {@link #cancelRequested} or its own cancel hook.
 */
public final class Progress {
    private final long id;
    private final String title;
    private final String unit;
    private final LongSupplier nanos;
    private final long started;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong total;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private final List<Consumer<ProgressSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean finished;
    private volatile long finishedAt;
    private volatile String detail = "";

    /**
     * @param total units in all, 0 while unknown
     * @param nanos the clock the rate is measured with ({@code System::nanoTime})
     */
    public Progress(String title, String unit, long total, LongSupplier nanos) {
        this(0, title, unit, total, nanos);
    }

    /** @param id tells this work from others on a {@link ProgressBoard} */
    public Progress(long id, String title, String unit, long total, LongSupplier nanos) {
        this.id = id;
        this.title = title;
        this.unit = unit;
        this.total = new AtomicLong(Math.max(0, total));
        this.nanos = nanos;
        this.started = nanos.getAsLong();
    }

    public String title() {
        return title;
    }

    /** Adds {@code n} units done. */
    public void advance(long n) {
        done.addAndGet(n);
        tell();
    }

    /** Sets the units done (for work that reports where it stands rather than steps). */
    public void doneSoFar(long n) {
        done.set(n);
        tell();
    }

    public void total(long n) {
        total.set(Math.max(0, n));
        tell();
    }

    /** A short word on what happens now ("sim-east-01: 3 sessions left"), shown beside the figures. */
    public void detail(String text) {
        detail = text == null ? "" : text;
        tell();
    }

    public void finish() {
        if (!finished) {
            finishedAt = nanos.getAsLong();
            finished = true;
            tell();
        }
    }

    /** Asks the work to stop; runs its cancel hooks once. */
    public void cancel() {
        if (cancelRequested.compareAndSet(false, true)) {
            onCancel.forEach(Runnable::run);
            tell();
        }
    }

    public boolean cancelRequested() {
        return cancelRequested.get();
    }

    /** How the work stops when asked (a bulk launch's cancel, a drain's cancel); none = it checks {@link #cancelRequested}. */
    public void onCancel(Runnable hook) {
        onCancel.add(hook);
    }

    public void addListener(Consumer<ProgressSnapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ProgressSnapshot> listener) {
        listeners.remove(listener);
    }

    public ProgressSnapshot snapshot() {
        long now = finished ? finishedAt : nanos.getAsLong();
        long elapsed = Math.max(0, now - started);
        long d = done.get();
        double rate = elapsed <= 0 || d <= 0 ? 0 : d / (elapsed / 1e9);
        return new ProgressSnapshot(
                id,
                title,
                unit,
                d,
                total.get(),
                rate,
                Duration.ofNanos(elapsed),
                finished,
                cancelRequested.get(),
                detail);
    }

    private void tell() {
        if (!listeners.isEmpty()) {
            ProgressSnapshot s = snapshot();
            listeners.forEach(l -> l.accept(s));
        }
    }
}
