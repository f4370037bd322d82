package dev.fleetdeck.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The long work of one console running now, for its background-task list: each piece is begun
 * here, tells its {@link Progress}, and leaves the board when it finishes. Listeners hear the
 * list after every change (on the thread of the work that changed it).
 */
public final class ProgressBoard {
    private final LongSupplier nanos;
    private final AtomicLong ids = new AtomicLong();
    private final List<Progress> running = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<ProgressSnapshot>>> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<ProgressSnapshot> changed = s -> {
        if (s.finished()) {
            running.removeIf(p -> p.snapshot().id() == s.id());
        }
        tell();
    };

    public ProgressBoard(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** A new piece of work on the board; it leaves when {@link Progress#finish} is called. */
    public Progress begin(String title, String unit, long total) {
        Progress p = new Progress(ids.incrementAndGet(), title, unit, total, nanos);
        p.addListener(changed);
        running.add(p);
        tell();
        return p;
    }

    /** Work begun elsewhere (a bulk launch's own progress) shown here until it finishes. */
    public Progress track(Progress p) {
        if (!p.snapshot().finished()) {
            p.addListener(changed);
            running.add(p);
            tell();
        }
        return p;
    }

    public List<Progress> running() {
        return List.copyOf(running);
    }

    /** Asks the work with this id to stop (the window's Cancel). */
    public void cancel(long id) {
        running.stream().filter(p -> p.snapshot().id() == id).findFirst().ifPresent(Progress::cancel);
    }

    public void addListener(Consumer<List<ProgressSnapshot>> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<List<ProgressSnapshot>> listener) {
        listeners.remove(listener);
    }

    private void tell() {
        List<ProgressSnapshot> now = new ArrayList<>();
        running.forEach(p -> now.add(p.snapshot()));
        listeners.forEach(l -> l.accept(List.copyOf(now)));
    }
}
